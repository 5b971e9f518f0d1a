import type { CommandApi, EngineEvent } from '../../shared/contract';

/**
 * Whether commands can reach the engine right now. The Electron preload is always `open`; the
 * WebSocket client goes `connecting` → `open`, and `closed` while it waits to reconnect.
 */
export type BridgeStatus = 'connecting' | 'open' | 'closed';

/** Everything the renderer may ask of the engine: the contract's commands plus its events. */
export interface NetAssistClient extends CommandApi {
  /** Batches of events in emission order. Returns the disposer. */
  onEvents(listener: (events: EngineEvent[]) => void): () => void;
  /** Absent where the bridge cannot drop (the Electron preload). Returns the disposer. */
  onStatus?(listener: (status: BridgeStatus) => void): () => void;
}
