import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { chooseClient } from './bridge/choose-client';
import { readSettings } from './settings/persisted-settings';
import { loadSessionIds } from './settings/session-ids';
import { chooseSettingsStorage } from './settings/settings-storage';
import { createActions } from './store/actions';
import { StoreProvider } from './store/context';
import { initialState } from './store/initial-state';
import { createStore } from './store/store';
import './theme/theme.css';
import './theme/layout.css';

async function start() {
  const { client, token, mode } = chooseClient();
  const storage = chooseSettingsStorage();
  const saved = await storage.load().catch(() => undefined);
  const store = createStore(
    initialState(readSettings(saved), loadSessionIds(), navigator.language),
  );
  const actions = createActions(store, client);

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <StoreProvider store={store} actions={actions}>
        <App
          client={client}
          store={store}
          actions={actions}
          storage={storage}
          hostToken={mode === 'browser' ? token : null}
        />
      </StoreProvider>
    </StrictMode>,
  );
}

void start();
