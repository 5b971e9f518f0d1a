/**
 * One line of a session's log file (JSON Lines), as a test reads it back. Written out here rather
 * than taken from the engine, so that a change to the file's format fails a test.
 */
export interface LogLine {
  seq: number;
  time: string;
  direction: 'rx' | 'tx';
  peer: string;
  connectionId?: string;
  length: number;
  hex: string;
}
