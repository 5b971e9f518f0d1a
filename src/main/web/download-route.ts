/**
 * `GET /files/<id>`: a session's file, streamed to the browser as a download while the session
 * writes it. Reached only past the host's token check; each address works once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Downloads } from './downloads';
import { DOWNLOADS_PATH } from './downloads';

export function serveDownload(
  request: IncomingMessage,
  response: ServerResponse,
  downloads: Downloads,
  pathname: string,
  headers: Record<string, string>,
): void {
  // Not even HEAD: looking at a download would use it up.
  if (request.method !== 'GET') {
    response.writeHead(405, { ...headers, Allow: 'GET' }).end();
    return;
  }
  const download = downloads.take(pathname.slice(DOWNLOADS_PATH.length));
  if (!download) {
    response.writeHead(404, { ...headers, 'Cache-Control': 'no-store' }).end();
    return;
  }
  // No Content-Length: the file grows until the user stops it (chunked transfer).
  response.writeHead(200, {
    ...headers,
    'Content-Type': download.contentType,
    'Content-Disposition': `attachment; filename="${download.name}"`,
    'Cache-Control': 'no-store',
  });
  // The browser starts the download (and the page sees it begin) before the first byte comes.
  response.flushHeaders();
  download.deliver(response);
}
