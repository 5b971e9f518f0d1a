import type { CommandApi, EmitEvent } from '../../shared/contract';

/** Placeholder: the real engine is being written (issue 2). Signature is final. */
export declare class Engine implements CommandApi {
  constructor(emit: EmitEvent);
  createSession: CommandApi['createSession'];
  open: CommandApi['open'];
  close: CommandApi['close'];
  disposeSession: CommandApi['disposeSession'];
  send: CommandApi['send'];
  disconnectClient: CommandApi['disconnectClient'];
  resetCounters: CommandApi['resetCounters'];
  joinMulticast: CommandApi['joinMulticast'];
  leaveMulticast: CommandApi['leaveMulticast'];
  listSessions: CommandApi['listSessions'];
  /** Closes every socket of every session. */
  shutdown(): Promise<void>;
}
