// Opens one TCP client session to argv[2]:argv[3] and prints the result as JSON (used by tests
// that must run the engine inside an isolated network namespace).
import { Engine } from '../../src/main/engine/engine';

const [host = '', port = '0'] = process.argv.slice(2);
const engine = new Engine(() => {});
const { sessionId } = (await engine.createSession()) as { sessionId: string };
const result = await engine.open({
  sessionId,
  config: { protocol: 'tcp-client', remoteHost: host, remotePort: Number(port) },
});
console.log(JSON.stringify(result));
await engine.shutdown();
