const TOKEN_KEY = 'netassist.token';

/**
 * The browser-mode host's access token: from the page URL (`?token=…`, as printed at start-up),
 * else from this tab's sessionStorage, so a reload of a URL without it keeps working.
 */
export function accessToken(): string | undefined {
  const fromUrl = new URLSearchParams(location.search).get('token');
  try {
    if (fromUrl) sessionStorage.setItem(TOKEN_KEY, fromUrl);
    return fromUrl ?? sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    // Storage can be disabled by the browser; the URL's token is then the only one.
    return fromUrl ?? undefined;
  }
}

export function webSocketUrl(token: string | undefined): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${scheme}://${location.host}/ws${query}`;
}
