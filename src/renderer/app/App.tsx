import type { NetAssistClient } from '../bridge/client';
import { LANGUAGES, LANGUAGE_NAMES } from '../i18n/translate';
import { useLanguage, useTranslate } from '../i18n/use-translate';
import { SessionView } from '../sessions/SessionView';
import type { SettingsStorage } from '../settings/settings-storage';
import { usePersistedSettings } from '../settings/use-persisted-settings';
import type { Actions } from '../store/actions';
import { useActions, useAppState } from '../store/context';
import type { Store } from '../store/store';
import { useEngineEvents } from '../store/use-engine-events';
import { ExposedBanner } from './ExposedBanner';
import { HostBanner } from './HostBanner';
import { TabBar, tabButtonId, tabPanelId } from './TabBar';
import { SelectField } from './controls';
import { useDocumentLanguage } from './use-document-language';

export interface AppProps {
  client: NetAssistClient;
  store: Store;
  actions: Actions;
  storage: SettingsStorage;
  /** The browser-mode host's token; null where there is no such host. */
  hostToken: string | undefined | null;
}

function LanguagePicker() {
  const t = useTranslate();
  const actions = useActions();
  const language = useLanguage();
  return (
    <SelectField
      className="inline language"
      label={t('language')}
      value={language}
      options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
      onChange={actions.setLanguage}
    />
  );
}

export function App(props: AppProps) {
  useEngineEvents(props.client, props.store, props.actions, props.hostToken);
  usePersistedSettings(props.store, props.storage);
  useDocumentLanguage();
  const t = useTranslate();
  const activeTabId = useAppState((state) => state.activeTabId);
  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            ⇄
          </span>
          <span className="brand-name">{t('appName')}</span>
          <span className="brand-tagline">{t('appTagline')}</span>
        </div>
        <TabBar />
        <LanguagePicker />
      </header>
      <ExposedBanner />
      <HostBanner />
      <SessionView
        key={activeTabId}
        tabId={activeTabId}
        id={tabPanelId(activeTabId)}
        labelledBy={tabButtonId(activeTabId)}
      />
    </div>
  );
}
