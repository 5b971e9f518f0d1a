import type { FileKind } from '../../shared/contract';

const EXTENSIONS: Record<FileKind, string> = { capture: 'bin', log: 'jsonl' };

const two = (n: number) => String(n).padStart(2, '0');

/** `netassist-s1-capture-20261125-170203.bin`: the name a new file is offered under (local time). */
export function suggestedFileName(sessionId: string, kind: FileKind, now: Date): string {
  const date = `${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}`;
  const time = `${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}`;
  return `netassist-${sessionId}-${kind}-${date}-${time}.${EXTENSIONS[kind]}`;
}
