import type { ExportFormat, FileKind } from '../../shared/contract';
import type { FileRequest } from './file-destination';

/** What a file is, for a save dialog's filter and a download's Content-Type. */
export interface FileType {
  extension: string;
  /** The save dialog's filter name. */
  description: string;
  contentType: string;
}

const BINARY: FileType = {
  extension: 'bin',
  description: 'Binary',
  contentType: 'application/octet-stream',
};
const JSON_LINES: FileType = {
  extension: 'jsonl',
  description: 'JSON Lines',
  contentType: 'application/x-ndjson',
};

const KIND_TYPES: Record<FileKind, FileType> = { capture: BINARY, log: JSON_LINES };

const EXPORT_TYPES: Record<ExportFormat, FileType> = {
  text: { extension: 'txt', description: 'Text', contentType: 'text/plain; charset=utf-8' },
  csv: { extension: 'csv', description: 'CSV', contentType: 'text/csv; charset=utf-8' },
  jsonl: JSON_LINES,
  'raw-rx': BINARY,
  'raw-tx': BINARY,
};

export function fileTypeOf(request: FileRequest): FileType {
  return request.kind === 'export' ? EXPORT_TYPES[request.format] : KIND_TYPES[request.kind];
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * `netassist-s1-capture-20261125-170203.bin`, `netassist-s1-log-20261125-170203.csv` (an export
 * is a log too): the name a new file is offered under (local time).
 */
export function suggestedFileName(request: FileRequest, now: Date): string {
  const date = `${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}`;
  const time = `${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}`;
  const kind = request.kind === 'export' ? 'log' : request.kind;
  return `netassist-${request.sessionId}-${kind}-${date}-${time}.${fileTypeOf(request).extension}`;
}
