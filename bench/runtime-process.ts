// bench: the child process that hosts the local runtime (infra/local/runtime.ts) for the benchmark, so that
// the API can be profiled on its own (`node --cpu-prof`, started by bench/runtime-host.ts). It answers the
// parent over IPC: `ready` with the endpoints, a timestamp on the profile's clock for each `mark`, and on
// `stop` (or when the parent goes away, or on SIGINT/SIGTERM) it stops every part and exits normally, which
// is when Node.js writes the CPU profile.
import { startLocalRuntime, type LocalRuntime } from '../infra/local/runtime.js';
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

const dataDir = process.env['SIGNET_BENCH_DATA_DIR'];
if (dataDir === undefined) throw new Error('Environment variable SIGNET_BENCH_DATA_DIR is required');

try {
  runtime = await startLocalRuntime({
    dataDir,
    ports: { api: 0, dynamodb: 0, email: 0, sms: 0 },
    settings: JSON.parse(process.env['SIGNET_BENCH_SETTINGS'] ?? '{}') as unknown,
  });
  // The handlers' one DynamoDB client (the module the local HTTP server's handlers import), built now that
  // the runtime's environment is set.
  storeWork = attachStoreWorkCounter(documentClient().middlewareStack as never);
  send({
    type: 'ready',
    runtime: {
      apiUrl: runtime.apiUrl,
      dynamodbEndpoint: runtime.dynamodbEndpoint,
      emailUrl: runtime.emailUrl,
      smsUrl: runtime.smsUrl,
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
