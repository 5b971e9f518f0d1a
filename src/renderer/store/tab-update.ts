import type { AppState, TabState } from './state';

/** The state with one tab replaced by `update(tab)`; the same state when nothing changed. */
export function updateTab(
  state: AppState,
  tabId: string,
  update: (tab: TabState) => TabState,
): AppState {
  let changed = false;
  const tabs = state.tabs.map((tab) => {
    if (tab.tabId !== tabId) return tab;
    const next = update(tab);
    changed ||= next !== tab;
    return next;
  });
  return changed ? { ...state, tabs } : state;
}
