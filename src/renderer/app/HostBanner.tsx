import { useEffect, useState } from 'react';
import { useTranslate } from '../i18n/use-translate';
import { useAppState } from '../store/context';

/** A first connect usually takes milliseconds; only a slow one is worth a banner. */
const FIRST_CONNECT_GRACE_MS = 1500;

/** Shown while the page cannot reach the engine: nothing the user does can work then. */
export function HostBanner() {
  const t = useTranslate();
  const bridge = useAppState((state) => state.bridge);
  const wasOpen = useAppState((state) => state.bridgeWasOpen);
  const [graceOver, setGraceOver] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setGraceOver(true), FIRST_CONNECT_GRACE_MS);
    return () => clearTimeout(timer);
  }, []);

  if (bridge === 'open') return null;
  if (!wasOpen && bridge === 'connecting' && !graceOver) return null;
  const key = wasOpen ? 'host.lost' : bridge === 'closed' ? 'host.unreachable' : 'host.connecting';
  return (
    <div className="host-banner" role="alert">
      <span className="spinner" aria-hidden="true" />
      {t(key)}
    </div>
  );
}
