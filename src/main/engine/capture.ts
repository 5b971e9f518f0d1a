import type { ChunkFormat } from './chunk';

/**
 * Receive to file: the raw received bytes of the session, or of one connection, exactly as they
 * arrived (a peer's file transfer comes out byte for byte).
 */
export function captureFormat(connectionId: string | undefined): ChunkFormat {
  return (chunk) =>
    chunk.direction === 'rx' && (connectionId === undefined || chunk.connectionId === connectionId)
      ? chunk.bytes
      : undefined;
}
