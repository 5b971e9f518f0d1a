import { useEffect } from 'react';
import type { NetAssistClient } from '../bridge/client';
import { fetchHostInfo } from '../bridge/host-info';
import type { Actions } from './actions';
import type { Store } from './store';

/**
 * The one place the renderer listens to the engine: event batches go into the store, and every
 * time the bridge (re)opens the tabs are matched to the engine's sessions again.
 */
export function useEngineEvents(
  client: NetAssistClient,
  store: Store,
  actions: Actions,
  hostToken: string | undefined | null,
) {
  useEffect(() => {
    const stopEvents = client.onEvents((events) => store.receive(events));
    const onOpen = () => {
      void actions.resync();
      // null: no browser-mode host (the desktop shell), so no page-close policy to show.
      if (hostToken !== null) {
        void fetchHostInfo(hostToken).then((info) => store.dispatch({ type: 'host-info', info }));
      }
    };
    if (!client.onStatus) {
      store.dispatch({ type: 'bridge-status', status: 'open' });
      onOpen();
      return stopEvents;
    }
    const stopStatus = client.onStatus((status) => {
      store.dispatch({ type: 'bridge-status', status });
      if (status === 'open') onOpen();
    });
    return () => {
      stopEvents();
      stopStatus();
    };
  }, [client, store, actions, hostToken]);
}
