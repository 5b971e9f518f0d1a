// Run inside a network namespace that has only loopback (`unshare -n`), where a lookup fails
// locally: a TCP server and client session pair is opened, a third session tries to connect to
// argv[2], then the pair exchanges a message. Prints the failed open and what the pair's server
// received as JSON, so the test sees both the message and that the other sessions kept working.
import { DEFAULT_SEND_OPTIONS } from '../../src/shared/contract';
import { EngineHarness } from './engine-harness';

const [host = ''] = process.argv.slice(2);
const h = new EngineHarness();
const server = await h.openSession({
  protocol: 'tcp-server',
  localHost: '127.0.0.1',
  localPort: 0,
});
const client = await h.openSession({
  protocol: 'tcp-client',
  remoteHost: '127.0.0.1',
  remotePort: server.local.port,
});
const { sessionId } = await h.ok('createSession', {});
const result = await h.call('open', {
  sessionId,
  config: { protocol: 'tcp-client', remoteHost: host, remotePort: 80 },
});
const message = 'still working';
await h.ok('send', { sessionId: client.sessionId, data: message, options: DEFAULT_SEND_OPTIONS });
const received = (await h.waitForBytes(server.sessionId, message.length)).toString();
console.log(JSON.stringify({ result, received }));
await h.dispose();
