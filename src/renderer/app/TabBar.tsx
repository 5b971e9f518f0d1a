import type { KeyboardEvent } from 'react';
import { formatAddress } from '../../shared/errors';
import type { Translate } from '../i18n/translate';
import { useTranslate } from '../i18n/use-translate';
import { stateTone } from '../sessions/state-text';
import { useActions, useAppState } from '../store/context';
import type { TabState } from '../store/state';

export const tabButtonId = (tabId: string) => `${tabId}-tab`;
export const tabPanelId = (tabId: string) => `${tabId}-panel`;

/** "TCP Client 127.0.0.1:8888", "TCP Server :8888", "UDP :9000". */
export function tabTitle(tab: TabState, t: Translate) {
  const { draft } = tab;
  const where =
    draft.protocol === 'tcp-client'
      ? formatAddress(draft.remoteHost, draft.remotePort)
      : `:${tab.local?.port ?? (draft.localPort || '*')}`;
  return `${t(`protocol.${draft.protocol}`)} ${where}`;
}

export function TabBar() {
  const t = useTranslate();
  const actions = useActions();
  const tabs = useAppState((state) => state.tabs);
  const activeTabId = useAppState((state) => state.activeTabId);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const index = tabs.findIndex((tab) => tab.tabId === activeTabId);
    const next = tabs[(index + step + tabs.length) % tabs.length];
    if (!next) return;
    event.preventDefault();
    actions.activateTab(next.tabId);
    document.getElementById(tabButtonId(next.tabId))?.focus();
  }

  return (
    <div className="tab-strip">
      <div className="tabs" role="tablist" aria-label={t('sessions')} onKeyDown={onKeyDown}>
        {tabs.map((tab) => {
          const active = tab.tabId === activeTabId;
          const title = tabTitle(tab, t);
          return (
            <div key={tab.tabId} className={`tab ${active ? 'active' : ''}`}>
              <button
                type="button"
                role="tab"
                id={tabButtonId(tab.tabId)}
                aria-selected={active}
                aria-controls={tabPanelId(tab.tabId)}
                tabIndex={active ? 0 : -1}
                className="tab-button"
                onClick={() => actions.activateTab(tab.tabId)}
              >
                <span className={`dot ${stateTone(tab.state, tab.reason)}`} aria-hidden="true" />
                {title}
              </button>
              <button
                type="button"
                className="tab-remove"
                aria-label={t('removeSession', { name: title })}
                title={t('removeSession', { name: title })}
                onClick={() => actions.removeTab(tab.tabId)}
              >
                <span aria-hidden="true">✕</span>
              </button>
            </div>
          );
        })}
      </div>
      <button
        type="button"
        className="icon-button new-tab"
        aria-label={t('newSession')}
        title={t('newSession')}
        onClick={actions.addTab}
      >
        <span aria-hidden="true">+</span>
      </button>
    </div>
  );
}
