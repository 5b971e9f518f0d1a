const KEY = 'netassist.sessionIds';

/**
 * Which engine session each tab had, kept per browser tab (sessionStorage) rather than with the
 * shared settings: a reload re-attaches to sessions the host kept open, while a second page on
 * the same host does not grab the first page's sessions.
 */
export function loadSessionIds(): (string | null)[] {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? '[]');
    return Array.isArray(value) ? value.map((id) => (typeof id === 'string' ? id : null)) : [];
  } catch {
    return [];
  }
}

export function saveSessionIds(ids: readonly (string | undefined)[]) {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(ids.map((id) => id ?? null)));
  } catch {
    // Without storage a reload simply starts fresh sessions.
  }
}
