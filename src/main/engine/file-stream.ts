/**
 * The stream a session's file is written into (a file on disk, a download's HTTP response): what
 * ends it early, and ending it. Shared by the files a session writes while it runs and by log
 * exports.
 */
import type { Failure } from '../../shared/contract';
import type { Writable } from 'node:stream';
import type { FileArrival } from './file-destination';
import { errnoOf } from './socket-errors';

/**
 * How long stopping waits for the stream to flush and close. A disk takes well under a second for
 * the buffer; a browser that stopped reading its download could hold `stopFile` forever.
 */
export const FILE_CLOSE_WAIT_MS = 10_000;

/** A file whose destination's stream comes later (a download the page has not fetched yet). */
export interface WaitingFile {
  /** Still wants the stream: it has not been stopped meanwhile. */
  waiting(): boolean;
  /** The stream is here: write into it. */
  start(output: Writable): void;
  /** The stream will never come (the page did not fetch the download in time). */
  failed(failure: Failure): void;
}

/**
 * Hands `file` its destination's stream when the page fetches the download. A stream that comes
 * after the file stopped waiting is destroyed, so the browser's download ends at once.
 */
export function whenStreamArrives(arrived: Promise<FileArrival>, file: WaitingFile): void {
  void arrived.then((arrival) => {
    if (!file.waiting()) {
      if (arrival.ok) arrival.output.destroy();
    } else if (arrival.ok) file.start(arrival.output);
    else file.failed(arrival);
  });
}

/**
 * Calls `failed` with an errno when the stream fails: a write error (a full disk), or a close
 * before it finished (ECONNRESET: the browser aborted the download). It may be called more than
 * once; the file heeds only the first.
 */
export function watchFileStream(output: Writable, failed: (errno: string) => void): void {
  output.on('error', (error) => failed(errnoOf(error)));
  output.once('close', () => {
    if (!output.writableFinished) failed('ECONNRESET');
  });
}

/**
 * Ends the stream; resolves `true` once it has closed (or failed: `watchFileStream` has said
 * why), `false` when it has not within FILE_CLOSE_WAIT_MS.
 */
export function endFileStream(output: Writable): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), FILE_CLOSE_WAIT_MS);
    const closed = () => {
      clearTimeout(timer);
      resolve(true);
    };
    output.once('close', closed);
    output.once('error', closed);
    output.end();
  });
}
