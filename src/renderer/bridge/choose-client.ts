import type { NetAssistClient } from './client';
import { accessToken, webSocketUrl } from './token';
import { WebSocketClient } from './websocket-client';

export interface ChosenClient {
  client: NetAssistClient;
  /** Browser mode only: the token for the host's HTTP API. */
  token?: string;
  mode: 'desktop' | 'browser';
}

/** The Electron preload's bridge when there is one, else the browser mode's WebSocket. */
export function chooseClient(): ChosenClient {
  if (window.netassist) return { client: window.netassist, mode: 'desktop' };
  const token = accessToken();
  return { client: new WebSocketClient(webSocketUrl(token)), token, mode: 'browser' };
}
