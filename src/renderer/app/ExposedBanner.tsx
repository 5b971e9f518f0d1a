import { exposedAddress } from '../bridge/host-info';
import { useTranslate } from '../i18n/use-translate';
import { useAppState } from '../store/context';

/**
 * Stays on screen while the browser-mode host listens beyond this computer (`--host 0.0.0.0`):
 * the token is then all that stands between the network and sockets opened from this machine.
 */
export function ExposedBanner() {
  const t = useTranslate();
  const bindHost = useAppState((state) => state.hostInfo?.bindHost);
  const address = bindHost === undefined ? undefined : exposedAddress(bindHost, location.port);
  if (address === undefined) return null;
  return (
    <div className="exposed-banner" role="alert">
      <span className="exposed-mark" aria-hidden="true">
        ⚠
      </span>
      {t('host.exposed', { address })}
    </div>
  );
}
