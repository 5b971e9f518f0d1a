/**
 * `node dist/main/web.js [--host H] [--port P] [--keep-sessions]`: NetAssist in a browser tab.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseHost } from '../../shared/address';
import type { RunningHost } from './host';
import { PAGE_GONE_GRACE_MS } from '../bridge/websocket-bridge';
import { DEFAULT_WEB_HOST, DEFAULT_WEB_PORT, startHost } from './host';

const PAGE_GONE_GRACE_SECONDS = PAGE_GONE_GRACE_MS / 1000;

const USAGE = `Usage: npm run web -- [options]      (or: node dist/main/web.js [options])

NetAssist in your browser: serves the Web UI and prints its address (with an access token).

Options:
  --host HOST        address to listen on (default ${DEFAULT_WEB_HOST}: this computer only)
  --port PORT        port to listen on, 0 for any free port (default ${DEFAULT_WEB_PORT})
  --keep-sessions    keep sessions connected/listening while no page is open
                     (default: close their sockets ${PAGE_GONE_GRACE_SECONDS} s after the last page closes)
  --help             show this help

Environment:
  NETASSIST_TOKEN    access token to use instead of a random one (16+ characters: A-Z a-z 0-9 . _ ~ -)
`;

interface CliOptions {
  host: string;
  port: number;
  keepSessions: boolean;
}

type Parsed = { ok: true; options: CliOptions } | { ok: false; error: string } | { help: true };

function parseCli(args: string[]): Parsed {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'keep-sessions': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { help: true };
  const portText = values.port ?? String(DEFAULT_WEB_PORT);
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    return {
      ok: false,
      error: `--port "${portText}" is not a port: use a whole number from 0 to 65535 (0 picks a free one).`,
    };
  }
  const host = parseHost(values.host ?? DEFAULT_WEB_HOST);
  if (!host.ok) {
    return {
      ok: false,
      error: `--host "${values.host}" is not an address: use an IP address such as 127.0.0.1 or ::1, or a host name.`,
    };
  }
  return { ok: true, options: { host: host.host, port, keepSessions: values['keep-sessions'] } };
}

function startFailure(error: unknown, options: CliOptions): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE') {
    return `Port ${options.port} is already in use on ${options.host} (another NetAssist?). Use --port 0 for a free port, or another --port.`;
  }
  if (code === 'EADDRNOTAVAIL') return `${options.host} is not an address of this computer.`;
  if (code === 'EACCES')
    return `Permission denied for port ${options.port}: use a port from 1024 up.`;
  return error instanceof Error ? error.message : String(error);
}

async function main() {
  const parsed = parseCli(process.argv.slice(2));
  if ('help' in parsed) {
    process.stdout.write(USAGE);
    return;
  }
  if (!parsed.ok) {
    process.stderr.write(`netassist: ${parsed.error}\nRun with --help for the options.\n`);
    process.exitCode = 2;
    return;
  }
  const { options } = parsed;
  // The bundle lives in dist/main; the built page in dist/renderer.
  const staticDir = fileURLToPath(new URL('../renderer/', import.meta.url));
  if (!existsSync(`${staticDir}index.html`)) {
    process.stderr.write(`netassist: ${staticDir}index.html is missing: run "npm run build".\n`);
  }

  let host: RunningHost;
  try {
    host = await startHost({
      host: options.host,
      port: options.port,
      staticDir,
      keepSessionsWhenPageCloses: options.keepSessions,
    });
  } catch (error) {
    process.stderr.write(`netassist: ${startFailure(error, options)}\n`);
    process.exitCode = 1;
    return;
  }

  // A closed stdout (`npm run web | head -1`) must not take the sockets down with it.
  process.stdout.on('error', () => undefined);
  process.stdout.write(`Web UI: ${host.url}\n`);
  process.stdout.write(
    options.keepSessions
      ? 'Sessions stay open while no page is connected. Press Ctrl+C to stop.\n'
      : `Sessions close ${PAGE_GONE_GRACE_SECONDS} s after the last page closes (--keep-sessions keeps them). Press Ctrl+C to stop.\n`,
  );

  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1); // a second Ctrl+C: do not wait any longer
    stopping = true;
    void host.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
