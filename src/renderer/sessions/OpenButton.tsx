import type { Protocol, SessionState } from '../../shared/contract';
import type { MessageKey } from '../i18n/translate';
import { useTranslate } from '../i18n/use-translate';
import { useActions, useTab } from '../store/context';
import { OPEN_STATES } from '../store/state';

/** Connect/Disconnect, Listen/Stop, Open/Close: the words follow the protocol and live state. */
function labelOf(
  protocol: Protocol,
  state: SessionState,
  busy: boolean,
  reconnecting: boolean,
): MessageKey {
  // Between connections the user may give up waiting: the button stops auto reconnect.
  if (reconnecting) return 'action.stopReconnecting';
  // A host that does not answer keeps a connect waiting for its whole timeout: let it go.
  if (state === 'connecting') return 'action.cancelConnect';
  if (busy && !OPEN_STATES.has(state)) {
    return protocol === 'tcp-client' ? 'action.connecting' : 'action.opening';
  }
  const open = OPEN_STATES.has(state);
  switch (protocol) {
    case 'tcp-client':
      return open ? 'action.disconnect' : 'action.connect';
    case 'tcp-server':
      return open ? 'action.stop' : 'action.listen';
    case 'udp':
      return open ? 'action.close' : 'action.open';
  }
}

export function OpenButton(props: { tabId: string }) {
  const t = useTranslate();
  const actions = useActions();
  const protocol = useTab(props.tabId, (tab) => tab.draft.protocol);
  const state = useTab(props.tabId, (tab) => tab.state);
  const busy = useTab(props.tabId, (tab) => tab.busy);
  const reconnecting = useTab(props.tabId, (tab) => tab.reconnect !== undefined);
  const label = labelOf(protocol, state, busy, reconnecting);
  const waiting = label === 'action.connecting' || label === 'action.opening';
  const connecting = state === 'connecting';
  const open = OPEN_STATES.has(state) && !waiting;
  return (
    <button
      type="button"
      className={`open-button ${open ? 'is-open' : ''}`}
      disabled={waiting}
      aria-busy={waiting || connecting || undefined}
      onClick={() => void actions.toggleOpen(props.tabId)}
    >
      {(waiting || connecting) && <span className="spinner" aria-hidden="true" />}
      {t(label)}
    </button>
  );
}
