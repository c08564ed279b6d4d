// bench: what the request log line costs, at INFO (every request) and sampled as the prod stage samples it
// (WARN, Powertools' sampling at its requestLogSampleRate): CPU per request and bytes written per request,
// the two loggers taking turns in rounds in one process. Pipe stdout somewhere to count the bytes as a
// reader sees them: `npx tsx bench/log-cost.ts | wc -c` (the figures go to stderr).
import { Logger } from '@aws-lambda-powertools/logger';
import { loadStageConfig } from '../infra/stages.js';

const REQUESTS = 20_000;
const ROUNDS = 5;
const rate = loadStageConfig('prod').infra.requestLogSampleRate;
const context = {
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  functionName: 'signet-prod-confirm',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-2:111111111111:function:signet-prod-confirm',
  memoryLimitInMB: '256',
  getRemainingTimeInMillis: () => 10_000,
} as never;

const loggers = {
  info: new Logger({ serviceName: 'signet', logLevel: 'INFO' }),
  sampled: new Logger({ serviceName: 'signet', logLevel: 'WARN', sampleRateValue: rate }),
};

/** What shared/http/route.ts does for a handled request. */
const oneRequest = (logger: Logger, index: number): void => {
  logger.addContext(context);
  logger.refreshSampleRateCalculation();
  logger.resetKeys();
  logger.appendKeys({ requestId: `req-${index}`, route: 'POST /v1/registrations/confirm' });
  logger.info('request handled', { statusCode: 200 });
};

const written = { info: 0, sampled: 0 };
const cpu = { info: [] as number[], sampled: [] as number[] };
const realWrite = process.stdout.write.bind(process.stdout);
let current: keyof typeof written = 'info';
process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
  written[current] += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
  return realWrite(chunk, ...rest);
}) as typeof process.stdout.write;

for (let round = 0; round < ROUNDS; round += 1) {
  for (const mode of ['info', 'sampled'] as const) {
    current = mode;
    const start = process.cpuUsage();
    for (let i = 0; i < REQUESTS; i += 1) oneRequest(loggers[mode], i);
    const used = process.cpuUsage(start);
    cpu[mode].push((used.user + used.system) / REQUESTS);
  }
}
const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
process.stderr.write(
  `request log line, ${ROUNDS} rounds of ${REQUESTS} requests each:\n` +
    `  INFO, every request: ${median(cpu.info).toFixed(1)} µs CPU, ${(written.info / (ROUNDS * REQUESTS)).toFixed(0)} bytes per request\n` +
    `  WARN, sampled at ${rate}: ${median(cpu.sampled).toFixed(1)} µs CPU, ${(written.sampled / (ROUNDS * REQUESTS)).toFixed(1)} bytes per request\n`,
);
