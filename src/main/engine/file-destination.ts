/**
 * Where a session's file goes. The page never names a path: the host that runs the engine decides
 * (the desktop asks the user with a save dialog, the browser mode hands the page a one-time
 * download address), through a `FileDestinations` it gives the Engine.
 */
import type { ExportFormat, FileKind, Result } from '../../shared/contract';
import type { Writable } from 'node:stream';

/** A file a session writes while it runs (startFile), or a one-off export of its log. */
export type FileRequest =
  | { sessionId: string; kind: FileKind; connectionId?: string }
  | { sessionId: string; kind: 'export'; format: ExportFormat };

/** Bytes of a file that is there at once (a file on disk, a test's stream). */
interface ReadyOutput {
  output: Writable;
}

/** The stream when it comes, or why it never will (the page did not fetch it in time). */
export type FileArrival = Result<{ output: Writable }>;

/** A file whose stream comes later: the browser mode's download, once the page fetches it. */
interface PendingOutput {
  pending: {
    arrived: Promise<FileArrival>;
    /** The file was stopped before its stream came: forget it. */
    abandon(): void;
  };
}

export type FileDestination = {
  /** What the user sees: the chosen path, or the download's file name. */
  name: string;
  /** Browser mode: the address the page fetches to receive the file. */
  download?: string;
} & (ReadyOutput | PendingOutput);

export interface FileDestinations {
  /** A place for a new file of `request.kind`: CANCELLED when the user declines to pick one. */
  choose(request: FileRequest): Promise<Result<{ destination: FileDestination }>>;
}

/** Closes a destination that will not be used (the session went away while the user chose). */
export function discardDestination(destination: FileDestination): void {
  if ('output' in destination) destination.output.destroy();
  else destination.pending.abandon();
}

/** Every file goes to `output` (tests): a stream the caller made. */
export function streamTo(output: Writable, name = 'stream'): FileDestinations {
  return { choose: () => Promise.resolve({ ok: true, destination: { name, output } }) };
}
