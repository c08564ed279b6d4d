// bench: a child process that hosts one half of the local runtime (infra/local/runtime.ts) for the benchmark,
// started by bench/runtime-host.ts as `runtime-process.ts <role> <data folder>`. Role `stand-ins`: DynamoDB
// Local (its JVM), the SES, SNS and EventBridge stand-ins and the stream poller with the events forwarder,
// none of which runs in an API function's process in Lambda. Role `api`: only the HTTP server and the route
// handlers, pointed at the stand-ins' endpoints, so that its CPU time and its profile (`node --cpu-prof`) are
// the API's own. It answers the parent over IPC: `ready` with the endpoints, a timestamp on the profile's
// clock for each `mark`, store-work counts (api), and on `stop` (or when the parent goes away, or on
// SIGINT/SIGTERM) it stops its parts and exits normally, which is when Node.js writes the CPU profile.
import { startLocalRuntime, type LocalRuntime, type LocalStandIns } from '../infra/local/runtime.js';
import { documentClient } from '../shared/adapters/wiring/dynamodb.js';
import type { HostMessage, RuntimeMessage } from './runtime-host.js';
import { attachStoreWorkCounter } from './store-work.js';

const send = (message: RuntimeMessage): void => {
  if (process.connected) process.send?.(message);
};

/** Microseconds on the monotonic clock V8 stamps profile samples with. */
const nowMicros = (): number => Number(process.hrtime.bigint() / 1000n);

let runtime: LocalRuntime | undefined;
let storeWork: ReturnType<typeof attachStoreWorkCounter> | undefined;
let starting = true;
/** Exit code asked for while the runtime was still starting: it is stopped as soon as it has started. */
let pendingExit: number | undefined;
let stopping = false;
const stop = async (code: number): Promise<void> => {
  if (starting) {
    pendingExit ??= code;
    return;
  }
  if (stopping) return;
  stopping = true;
  try {
    await runtime?.stop();
  } finally {
    process.exit(code);
  }
};

process.on('message', (message: HostMessage) => {
  if (message.type === 'mark') send({ type: 'mark', label: message.label, atMicros: nowMicros() });
  if (message.type === 'count' && storeWork !== undefined) {
    if (message.action === 'start') storeWork.start();
    const work = message.action === 'stop' ? storeWork.stop() : { roundTrips: 0, writeUnits: 0, readUnits: 0, byOperation: {} };
    send({ type: 'count', action: message.action, work });
  }
  if (message.type === 'stop') void stop(0);
});
process.on('disconnect', () => void stop(0));
process.on('SIGINT', () => void stop(130));
process.on('SIGTERM', () => void stop(143));

const [role, dataDir] = process.argv.slice(2);
if ((role !== 'api' && role !== 'stand-ins') || dataDir === undefined) {
  throw new Error('Usage: runtime-process.ts api|stand-ins <data folder>');
}
const apiPort = Number(process.env['SIGNET_BENCH_API_PORT']);
const standIns =
  role === 'api' ? (JSON.parse(process.env['SIGNET_BENCH_STAND_INS'] ?? 'null') as LocalStandIns | null) : null;
if (role === 'api' && standIns === null) throw new Error('Environment variable SIGNET_BENCH_STAND_INS is required');

try {
  runtime = await startLocalRuntime({
    dataDir,
    // Both halves name the same API port: the settings (token issuer, the local client's origins) hold it.
    ports: { api: apiPort, dynamodb: 0, email: 0, sms: 0 },
    settings: JSON.parse(process.env['SIGNET_BENCH_SETTINGS'] ?? '{}') as unknown,
    ...(standIns === null ? { serveApi: false } : { standIns }),
  });
  if (role === 'api') {
    // The handlers' one DynamoDB client (the module the local HTTP server's handlers import), built now that
    // the runtime's environment is set.
    storeWork = attachStoreWorkCounter(documentClient().middlewareStack as never);
  }
  send({
    type: 'ready',
    runtime: {
      apiUrl: runtime.apiUrl,
      dynamodbEndpoint: runtime.dynamodbEndpoint,
      emailUrl: runtime.emailUrl,
      smsUrl: runtime.smsUrl,
      eventsUrl: runtime.eventsUrl,
      tableName: runtime.tableName,
      env: { ...runtime.env },
    },
  });
} catch (error) {
  send({ type: 'failed', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  pendingExit = 1;
} finally {
  starting = false;
}
if (pendingExit !== undefined) await stop(pendingExit);
