/**
 * `POST /uploads/<id>[?name=<file name>]`: the body is the file a session sends, read while it is
 * sent. Reached only past the host's token check; each address works once. The answer comes
 * when the send ended: `{ state, sent }` as JSON.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Uploads } from './uploads';
import { UPLOADS_PATH } from './uploads';

/** File names longer than this are cut (a name is only shown). */
const MAX_NAME_CHARS = 255;

export async function serveUpload(
  request: IncomingMessage,
  response: ServerResponse,
  uploads: Uploads,
  url: URL,
  headers: Record<string, string>,
): Promise<void> {
  if (request.method !== 'POST') {
    response.writeHead(405, { ...headers, Allow: 'POST' }).end();
    return;
  }
  const upload = uploads.take(url.pathname.slice(UPLOADS_PATH.length));
  if (!upload) {
    // Unread, the body would wait in the socket: close it after the answer.
    response.writeHead(404, { ...headers, Connection: 'close', 'Cache-Control': 'no-store' });
    response.end();
    return;
  }
  const length = Number(request.headers['content-length']);
  const name = url.searchParams.get('name')?.slice(0, MAX_NAME_CHARS);
  const ended = await upload.deliver({
    input: request,
    ...(Number.isSafeInteger(length) && length >= 0 ? { total: length } : {}),
    ...(name ? { name } : {}),
  });
  if (response.destroyed) return;
  const body = JSON.stringify({ state: ended.state, sent: ended.sent });
  response.writeHead(200, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    // A send that stopped early left the rest of the body unread.
    ...(request.readableEnded ? {} : { Connection: 'close' }),
  });
  response.end(body);
}
