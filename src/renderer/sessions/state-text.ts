import type { Address, CloseReason, ReconnectStatus, SessionState } from '../../shared/contract';
import { formatAddress } from '../../shared/errors';
import type { Translate } from '../i18n/translate';

function addressText(address: Address | undefined) {
  return address ? formatAddress(address.host, address.port) : '…';
}

/** The session's state in plain words, with the address and, once closed, why. */
export function stateText(
  t: Translate,
  session: {
    state: SessionState;
    reason?: CloseReason;
    local?: Address;
    remote?: Address;
    reconnect?: ReconnectStatus;
  },
): string {
  switch (session.state) {
    case 'idle':
      return t('state.idle');
    case 'connecting':
      return session.reconnect
        ? t('state.reconnecting', {
            address: addressText(session.remote),
            reason: t(`reason.${session.reconnect.reason}`),
            failed: session.reconnect.failed,
          })
        : t('state.connecting', { address: addressText(session.remote) });
    case 'connected':
      return t('state.connected', { address: addressText(session.remote) });
    case 'listening':
      return t('state.listening', { address: addressText(session.local) });
    case 'bound':
      return t('state.bound', { address: addressText(session.local) });
    case 'closed':
      return session.reason
        ? t('state.closedBecause', { reason: t(`reason.${session.reason}`) })
        : t('state.closed');
  }
}

/** A colour class for the state dot: calm when idle, green when open, red when refused or reset. */
export function stateTone(state: SessionState, reason: CloseReason | undefined) {
  if (state === 'connected' || state === 'listening' || state === 'bound') return 'ok';
  if (state === 'connecting') return 'busy';
  if (state === 'closed' && reason && reason !== 'user' && reason !== 'peer-closed') return 'bad';
  return 'idle';
}
