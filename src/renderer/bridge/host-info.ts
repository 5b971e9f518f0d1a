import { isLoopbackHost } from '../../shared/address';

/** What the browser-mode host says about itself (`GET /api/info`). */
export interface HostInfo {
  version: string;
  keepSessionsWhenPageCloses: boolean;
  bindHost: string;
}

function isHostInfo(value: unknown): value is HostInfo {
  if (value === null || typeof value !== 'object') return false;
  const info = value as Record<string, unknown>;
  return (
    typeof info.version === 'string' &&
    typeof info.keepSessionsWhenPageCloses === 'boolean' &&
    typeof info.bindHost === 'string'
  );
}

/** Undefined when there is no such host (Electron, `vite` dev server) or it answers oddly. */
export async function fetchHostInfo(token: string | undefined): Promise<HostInfo | undefined> {
  try {
    const query = token ? `?token=${encodeURIComponent(token)}` : '';
    const response = await fetch(`/api/info${query}`, { cache: 'no-store' });
    if (!response.ok) return undefined;
    const body: unknown = await response.json();
    return isHostInfo(body) ? body : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where other computers can reach this page (`0.0.0.0:18848`, `[::]:18848`): the host was started
 * with a `--host` that is not loopback. Undefined when it listens for this computer only.
 */
export function exposedAddress(bindHost: string, port: string): string | undefined {
  if (isLoopbackHost(bindHost)) return undefined;
  const host = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  return port === '' ? host : `${host}:${port}`;
}
