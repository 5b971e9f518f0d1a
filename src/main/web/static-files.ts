/**
 * The built renderer, served read-only from one folder: no listings, nothing outside the folder
 * (whatever `..`, encoded slashes or symlinks a request tries).
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticLookup =
  { found: true; file: string; size: number } | { found: false; status: 403 | 404 };

/**
 * Maps a URL path (still percent-encoded, as in `URL#pathname`) to a file inside `root`.
 * `/` is `index.html`.
 */
export async function findStaticFile(root: string, urlPath: string): Promise<StaticLookup> {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath);
  } catch {
    return { found: false, status: 404 };
  }
  if (relative.includes('\0')) return { found: false, status: 404 };
  if (relative.endsWith('/')) relative += 'index.html';
  const realRoot = await realpath(root).catch(() => undefined);
  if (!realRoot) return { found: false, status: 404 };
  const candidate = path.resolve(realRoot, `.${path.sep}${relative}`);
  if (!isInside(realRoot, candidate)) return { found: false, status: 403 };
  try {
    // A symlink inside the folder may still point outside it.
    const file = await realpath(candidate);
    if (!isInside(realRoot, file)) return { found: false, status: 403 };
    const info = await stat(file);
    return info.isFile() ? { found: true, file, size: info.size } : { found: false, status: 404 };
  } catch {
    return { found: false, status: 404 };
  }
}

function isInside(root: string, file: string) {
  return file.startsWith(root + path.sep);
}

/** Streams a file found by `findStaticFile`; HEAD gets the headers only. */
export function sendStaticFile(
  response: ServerResponse,
  found: { file: string; size: number },
  headOnly: boolean,
  headers: Record<string, string>,
): void {
  response.writeHead(200, {
    ...headers,
    'Content-Type': contentTypeOf(found.file),
    'Content-Length': String(found.size),
    // The page is rebuilt in place; always ask, so an upgrade never mixes old and new files.
    'Cache-Control': 'no-cache',
  });
  if (headOnly) {
    response.end();
    return;
  }
  createReadStream(found.file)
    .on('error', () => response.destroy())
    .pipe(response);
}
