// bench: `npm run bench` [-- --smoke] [--markdown] [--out <file>] (`--help` lists them). Starts the local runtime on
// free ports with a fresh temporary data folder in two child processes (bench/runtime-host.ts): the stand-ins
// (DynamoDB Local, the email, SMS and events outboxes, the stream poller), then the API alone under
// `node --cpu-prof`; synthesizes the stack's bundles; measures; stops everything (always, also on failure or
// Ctrl-C); prints one table and writes the results as JSON (bench/results/latest.json by default).
// --smoke runs every measurement with a handful of requests (what `npm test` checks), timings meaningless.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { requestLogging } from '../infra/constructs/request-logging.js';
import { localSettings } from '../infra/local/runtime.js';
import { loadStageConfig } from '../infra/stages.js';
import {
  codesByAddress,
  confirm,
  refresh,
  register,
  resend,
  signIn,
  type BenchAccount,
} from './api-client.js';
import { measureBound, threadPoolSize } from './bound.js';
import { besideFloor, measureBundles, synthesizeBundles, type SynthesizedBundles } from './bundles.js';
import { computeCostModel, costInputsFrom } from './cost-model.js';
import { cpuPerOperation, cpuSnapshot } from './cpu.js';
import { largestItemsByKind, measureBareRoundTrip } from './dynamodb.js';
import { summarizeProfile, type ProfileWindow } from './profile.js';
import { checkTargets, formatMarkdown, formatTable, type BenchResults } from './report.js';
import { startProfiledRuntime, type ProfiledRuntime } from './runtime-host.js';
import { ratePerSecond, runLoad, summarize } from './stats.js';
import { storeWorkRow, type StoreWorkRow } from './store-work.js';

/** How much of each measurement to run. */
interface Plan {
  readonly boundMs: number;
  readonly singleHashRuns: number;
  readonly registerWarmup: number;
  readonly registerMs: number;
  readonly registerAt1: number;
  /** Confirms (and resends) at one client; each takes a fresh registration. */
  readonly latencyAt1: number;
  /** Confirms (and resends) at 16 clients. */
  readonly latencyAt16: number;
  readonly storeWarmup: number;
  readonly storeAt1: number;
  readonly storeAt16: number;
  readonly coldStartRuns: number;
  /** Requests of each route whose DynamoDB round trips and capacity units are counted (row 7). */
  readonly storeWorkRequests: number;
}

const FULL: Plan = {
  boundMs: 10_000,
  singleHashRuns: 10,
  registerWarmup: 16,
  registerMs: 20_000,
  registerAt1: 30,
  latencyAt1: 100,
  latencyAt16: 400,
  storeWarmup: 50,
  storeAt1: 200,
  storeAt16: 800,
  coldStartRuns: 10,
  storeWorkRequests: 20,
};

const SMOKE: Plan = {
  boundMs: 200,
  singleHashRuns: 1,
  registerWarmup: 2,
  registerMs: 300,
  registerAt1: 2,
  latencyAt1: 2,
  latencyAt16: 16,
  storeWarmup: 2,
  storeAt1: 4,
  storeAt16: 16,
  coldStartRuns: 1,
  storeWorkRequests: 2,
};

const CLIENTS_HIGH = 16;

/** The bench's processes whose CPU time is counted, by a command line that mentions the work folder. */
const API_PROCESS = 'API process';
const roleOf = (commandLine: string): string | undefined => {
  if (commandLine.includes('runtime-process.ts api ')) return API_PROCESS;
  if (commandLine.includes('runtime-process.ts stand-ins ')) return 'local stand-ins';
  if (commandLine.includes('DynamoDBLocal')) return 'DynamoDB Local';
  return undefined;
};

/**
 * The bench runtime's changes to the local AppSettings (plus --argon2, if given): resend may repeat at once, and
 * codes live their longest (60 min, not 10), so that the accounts registered first are still confirmable when
 * slow hashes make registering the rest take long. Neither changes the work a request does.
 */
const BASE_OVERRIDES = { codes: { resendCooldownSeconds: 0, ttlMinutes: 60 } } as const;

const NOTES = [
  'resend: measured on fresh registrations (one resend each) with codes.resendCooldownSeconds = 0, a settings override for the bench runtime only (the default 60 s throttle would answer 429); codes.ttlMinutes = 60 likewise, so codes outlive a slow run.',
  "confirm: the right codes, read from the email outbox (GET <emailUrl>/store) for accounts registered in row 2, so each confirm takes the path users take: the counted try (conditional UpdateItem), then the contact's try of the day (UpdateItem), then the activation (a transaction of the code, the account, the name and contact guards and the AccountConfirmed outbox item). Wrong codes would stop after the first write.",
  'bare round trip: one consistent GetItem then one conditional UpdateItem against DynamoDB Local from this process, each client on its own item, in the same run.',
  "bundles: `cdk synth` of signet-prod in a child process (the stack's own esbuild step); size = the minified index.mjs (source map and node_modules/argon2 aside); cold start = median over fresh `node` processes from process start to the end of the module scope (top-level awaits included), with the function's template environment pointed at the local runtime in local key mode.",
  "profile: `node --cpu-prof` of the API process, self time of its main thread in the registration and confirm windows (resend's busy time shown, not ranked). argon2 runs on libuv's threads and is not in it. processes: the API process holds only the HTTP server (the local HTTP→event adapter, marked \"local stand-ins only\") and the handlers; DynamoDB Local's JVM, and the local stand-ins process (SES, SNS and EventBridge outboxes, the stream poller with the events forwarder), are other processes, each with its own CPU row.",
  'cost: bench/cost-model.ts from these figures and infra/stages.ts prod memory; prices as published on the dates in that file, to verify (npx tsx bench/cost-model.ts for the breakdown).',
];

/**
 * Row 7: registers 2 × `requests` accounts, confirms half of them, resends a code to the other half, signs
 * each confirmed account in once and uses each refresh token once, counting the functions' DynamoDB round
 * trips and capacity units route by route (one route at a time, so each count is that route's alone).
 */
const measureStoreWork = async (
  runtime: ProfiledRuntime,
  apiUrl: string,
  emailUrl: string,
  requests: number,
): Promise<StoreWorkRow[]> => {
  const counted = async (
    route: string,
    total: number,
    each: (index: number) => Promise<void>,
  ): Promise<StoreWorkRow> => {
    await runtime.countStoreWork('start');
    await runLoad({ concurrency: 1, total }, each);
    return storeWorkRow(route, total, await runtime.countStoreWork('stop'));
  };
  const accounts: BenchAccount[] = [];
  const registerRow = await counted('register', 2 * requests, async () => {
    accounts.push(await register(apiUrl));
  });
  const codes = await codesByAddress(emailUrl);
  const toConfirm = accounts.slice(0, requests);
  const toResend = accounts.slice(requests);
  const confirmRow = await counted('confirm', toConfirm.length, async (index) => {
    const account = toConfirm[index];
    const code = account === undefined ? undefined : codes.get(account.email);
    if (account === undefined || code === undefined)
      throw new Error('A registration sent no code to the email outbox');
    await confirm(apiUrl, account.accountName, code);
  });
  const resendRow = await counted('resend', toResend.length, async (index) => {
    const account = toResend[index];
    if (account !== undefined) await resend(apiUrl, account.accountName);
  });
  const tokens: string[] = [];
  const signInRow = await counted('sign-in', toConfirm.length, async (index) => {
    const account = toConfirm[index];
    if (account !== undefined) tokens.push(await signIn(apiUrl, account));
  });
  const refreshRow = await counted('refresh', tokens.length, async (index) => {
    const token = tokens[index];
    if (token !== undefined) await refresh(apiUrl, token);
  });
  return [registerRow, confirmRow, resendRow, signInRow, refreshRow];
};

/** Rounds of --confirm-only. */
const CONFIRM_ROUNDS = 3;

/**
 * --confirm-only: registers the accounts and confirms a first 16 (untimed, to load the handler), then
 * `rounds` times the bare round trip at 16 clients and confirm at 16 clients right after it, and prints
 * each round's p50 ratio.
 */
const confirmOnly = async (runtime: ProfiledRuntime, rounds: number): Promise<void> => {
  const { apiUrl, emailUrl, dynamodbEndpoint, tableName } = runtime.info;
  const store = { endpoint: dynamodbEndpoint, tableName };
  const accounts: BenchAccount[] = [];
  const warmup = CLIENTS_HIGH;
  log(`registering ${warmup + rounds * plan.latencyAt16} accounts (not timed)`);
  await runLoad({ concurrency: threadPoolSize(), total: warmup + rounds * plan.latencyAt16 }, async () => {
    accounts.push(await register(apiUrl));
  });
  const codes = await codesByAddress(emailUrl);
  const confirmAll = (batch: readonly BenchAccount[]) =>
    runLoad({ concurrency: CLIENTS_HIGH, total: batch.length }, async (index) => {
      const account = batch[index];
      const code = account === undefined ? undefined : codes.get(account.email);
      if (account === undefined || code === undefined)
        throw new Error('A registration sent no code to the email outbox');
      await confirm(apiUrl, account.accountName, code);
    });
  // Loads the confirm handler and warms its client before the first round (not timed).
  await confirmAll(accounts.splice(0, warmup));
  const lines: string[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    const bare = await measureBareRoundTrip(store, {
      concurrency: CLIENTS_HIGH,
      total: plan.storeAt16,
      warmup: plan.storeWarmup,
    });
    const confirms = await confirmAll(accounts.splice(0, plan.latencyAt16));
    const at16 = summarize(confirms.latenciesMs);
    lines.push(
      `round ${round}: confirm p50 @16 ${at16.p50Ms.toFixed(0)} ms / bare p50 @16 ${bare.p50Ms.toFixed(0)} ms = ${(at16.p50Ms / bare.p50Ms).toFixed(2)}× (n=${at16.count})`,
    );
    log(lines.at(-1) ?? '');
  }
  console.log(lines.join('\n'));
};

const began = performance.now();
const log = (message: string): void => {
  process.stderr.write(`bench [${((performance.now() - began) / 1000).toFixed(1)} s]: ${message}\n`);
};

const DEFAULT_OUT = fileURLToPath(new URL('./results/latest.json', import.meta.url));

const USAGE = `Usage: npm run bench -- [--smoke] [--markdown] [--argon2 <m,t,p>] [--out <file>]

  --smoke        a handful of requests per measurement (what npm test runs): checks the bench, timings meaningless
  --markdown     also print the table as Markdown, for the README's "Benchmarks" section
  --argon2 <memoryKiB>,<iterations>,<parallelism>
                 argon2id parameters for the bound and the runtime instead of the AppSettings defaults
                 (e.g. what npm run calibrate chose)
  --log-sample-rate <0..1>
                 the share of requests that write their INFO log line (default: the prod stage's
                 requestLogSampleRate; 1 writes every line, as before sampling)
  --confirm-only the confirm rows alone, three times in a row: each time the bare round trip at 16
                 clients, then confirm at 16, and their p50 ratio (confirmP50VsStore); prints and exits
  --out <file>   where to write the results JSON (default bench/results/latest.json)
  -h, --help     this text`;

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    markdown: { type: 'boolean', default: false },
    argon2: { type: 'string' },
    'log-sample-rate': { type: 'string' },
    'confirm-only': { type: 'boolean', default: false },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help === true) {
  console.log(USAGE);
  process.exit(0);
}
const plan = values.smoke === true ? SMOKE : FULL;

/** --argon2 m,t,p as an AppSettings override (the settings schema validates the numbers). */
const argon2Override = (
  raw: string | undefined,
): { argon2?: { memoryKiB: number; iterations: number; parallelism: number } } => {
  if (raw === undefined) return {};
  const [memoryKiB, iterations, parallelism, ...rest] = raw.split(',').map(Number);
  if (memoryKiB === undefined || iterations === undefined || parallelism === undefined || rest.length > 0) {
    console.error(
      `--argon2 takes <memoryKiB>,<iterations>,<parallelism>, got ${JSON.stringify(raw)}\n\n${USAGE}`,
    );
    process.exit(2);
  }
  return { argon2: { memoryKiB, iterations, parallelism } };
};
const SETTINGS_OVERRIDES = { ...BASE_OVERRIDES, ...argon2Override(values.argon2) };
const outPath = path.resolve(values.out ?? DEFAULT_OUT);
const logSampleRate =
  values['log-sample-rate'] === undefined
    ? loadStageConfig('prod').infra.requestLogSampleRate
    : Number(values['log-sample-rate']);
if (!(logSampleRate >= 0 && logSampleRate <= 1)) {
  console.error(
    `--log-sample-rate takes a number from 0 to 1, got ${JSON.stringify(values['log-sample-rate'])}\n\n${USAGE}`,
  );
  process.exit(2);
}

const startedAt = new Date();
const loadAtStart = loadavg();
const workDir = await mkdtemp(path.join(tmpdir(), 'signet-bench-'));
const dataDir = path.join(workDir, 'data');
const profileDir = path.join(workDir, 'profile');
const synthDir = path.join(workDir, 'synth');
const synthAbort = new AbortController();
let runtime: ProfiledRuntime | undefined;
let profilePath: string | undefined;

let cleaning: Promise<void> | undefined;
/** Stops everything the bench started and removes its folder; safe to call more than once. */
const cleanUp = (): Promise<void> => {
  cleaning ??= (async () => {
    synthAbort.abort();
    profilePath = await runtime?.stop().catch(() => undefined);
  })();
  return cleaning;
};
const onSignal = (signal: NodeJS.Signals): void => {
  log(`${signal}: stopping`);
  void cleanUp().finally(async () => {
    await rm(workDir, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

try {
  await Promise.all([mkdir(dataDir), mkdir(profileDir), mkdir(synthDir)]);
  const settings = localSettings(SETTINGS_OVERRIDES);
  const concurrency = threadPoolSize();

  log('synthesizing the stack (its esbuild step) and starting the local runtime');
  const synthesis = synthesizeBundles(synthDir, synthAbort.signal);
  // Settle the promise's failure here too, so an early failure elsewhere leaves no unhandled rejection.
  synthesis.catch(() => undefined);
  runtime = await startProfiledRuntime({
    dataDir,
    settings: SETTINGS_OVERRIDES,
    profileDir,
    loggingEnv: requestLogging(logSampleRate),
  });
  log('runtime ready');
  const { apiUrl, emailUrl, dynamodbEndpoint, tableName } = runtime.info;
  // A full run measures nothing while esbuild runs; the smoke overlaps them to stay short.
  let assets: SynthesizedBundles | undefined;
  if (values.smoke !== true && values['confirm-only'] !== true) {
    assets = await synthesis;
    log('bundles ready');
  }

  // The rest of the full run, after the stack is synthesized and the runtime answers.
  const fullRun = async (live: ProfiledRuntime): Promise<void> => {
    log(`1. the bound: argon2id at ${concurrency} concurrent hashes`);
    const bound = await measureBound({
      argon2: settings.argon2,
      concurrency,
      durationMs: plan.boundMs,
      singleRuns: plan.singleHashRuns,
    });

    log(`2. registrations through the API at ${concurrency} clients`);
    const pool: BenchAccount[] = [];
    const registerInto = async (): Promise<void> => {
      pool.push(await register(apiUrl));
    };
    await runLoad({ concurrency, total: plan.registerWarmup }, registerInto);
    const windows: ProfileWindow[] = [];
    const registerStart = await live.mark('register:start');
    const registerLogBytes = live.logBytes();
    const cpuBefore = await cpuSnapshot(workDir, roleOf);
    const registrations = await runLoad({ concurrency, durationMs: plan.registerMs }, registerInto);
    const registrationCpu = cpuPerOperation(
      cpuBefore,
      await cpuSnapshot(workDir, roleOf),
      registrations.completed,
    );
    const logBytesPerRequest: Record<string, number> = {
      register: (live.logBytes() - registerLogBytes) / Math.max(1, registrations.completed),
    };
    windows.push({
      label: 'register',
      startMicros: registerStart,
      endMicros: await live.mark('register:end'),
      requests: registrations.completed,
    });
    const registerAt1 = await runLoad({ concurrency: 1, total: plan.registerAt1 }, registerInto);

    const needed = 2 * (plan.latencyAt1 + plan.latencyAt16);
    if (pool.length < needed) {
      log(`   registering ${needed - pool.length} more accounts for confirm and resend (not timed)`);
      await runLoad({ concurrency, total: needed - pool.length }, registerInto);
    }
    const codes = await codesByAddress(emailUrl);
    const codeOf = (account: BenchAccount): string => {
      const code = codes.get(account.email);
      if (code === undefined) throw new Error('A registration sent no code to the email outbox');
      return code;
    };
    // The newest accounts first: their codes are the furthest from expiring.
    const take = (count: number): BenchAccount[] => pool.splice(Math.max(0, pool.length - count), count);
    const confirmAt1 = take(plan.latencyAt1);
    const confirmAt16 = take(plan.latencyAt16);
    const resendAt1 = take(plan.latencyAt1);
    const resendAt16 = take(plan.latencyAt16);

    log('3. bare DynamoDB Local round trips, then confirm and resend at 1 and 16 clients');
    const store = { endpoint: dynamodbEndpoint, tableName };
    const storeAt1 = await measureBareRoundTrip(store, {
      concurrency: 1,
      total: plan.storeAt1,
      warmup: plan.storeWarmup,
    });
    const storeCpuBefore = await cpuSnapshot(workDir, roleOf);
    const storeAt16 = await measureBareRoundTrip(store, {
      concurrency: CLIENTS_HIGH,
      total: plan.storeAt16,
      warmup: plan.storeWarmup,
    });
    const storeCpuAt16 = cpuPerOperation(
      storeCpuBefore,
      await cpuSnapshot(workDir, roleOf),
      plan.storeAt16 + plan.storeWarmup,
    );

    const confirmEach = (accounts: readonly BenchAccount[]) => async (index: number) => {
      const account = accounts[index];
      if (account !== undefined) await confirm(apiUrl, account.accountName, codeOf(account));
    };
    const resendEach = (accounts: readonly BenchAccount[]) => async (index: number) => {
      const account = accounts[index];
      if (account !== undefined) await resend(apiUrl, account.accountName);
    };
    const confirmStart = await live.mark('confirm:start');
    const confirmLogBytes = live.logBytes();
    const confirms1 = await runLoad({ concurrency: 1, total: confirmAt1.length }, confirmEach(confirmAt1));
    const confirmCpuBefore = await cpuSnapshot(workDir, roleOf);
    const confirms16 = await runLoad(
      { concurrency: CLIENTS_HIGH, total: confirmAt16.length },
      confirmEach(confirmAt16),
    );
    const confirmCpuAt16 = cpuPerOperation(
      confirmCpuBefore,
      await cpuSnapshot(workDir, roleOf),
      confirms16.completed,
    );
    logBytesPerRequest['confirm'] =
      (live.logBytes() - confirmLogBytes) / Math.max(1, confirms1.completed + confirms16.completed);
    windows.push({
      label: 'confirm',
      startMicros: confirmStart,
      endMicros: await live.mark('confirm:end'),
      requests: confirms1.completed + confirms16.completed,
    });
    const resendStart = await live.mark('resend:start');
    const resendLogBytes = live.logBytes();
    const resends1 = await runLoad({ concurrency: 1, total: resendAt1.length }, resendEach(resendAt1));
    const resendCpuBefore = await cpuSnapshot(workDir, roleOf);
    const resends16 = await runLoad(
      { concurrency: CLIENTS_HIGH, total: resendAt16.length },
      resendEach(resendAt16),
    );
    const resendCpuAt16 = cpuPerOperation(
      resendCpuBefore,
      await cpuSnapshot(workDir, roleOf),
      resends16.completed,
    );
    logBytesPerRequest['resend'] =
      (live.logBytes() - resendLogBytes) / Math.max(1, resends1.completed + resends16.completed);
    windows.push({
      label: 'resend',
      startMicros: resendStart,
      endMicros: await live.mark('resend:end'),
      requests: resends1.completed + resends16.completed,
    });

    // The accounts confirmed at one client are active: each signs in once, then refreshes once, at one client.
    const refreshTokens: string[] = [];
    const signInCpuBefore = await cpuSnapshot(workDir, roleOf);
    const signIns1 = await runLoad({ concurrency: 1, total: confirmAt1.length }, async (index) => {
      const account = confirmAt1[index];
      if (account !== undefined) refreshTokens.push(await signIn(apiUrl, account));
    });
    const signInCpu = cpuPerOperation(
      signInCpuBefore,
      await cpuSnapshot(workDir, roleOf),
      signIns1.completed,
    );
    const refreshCpuBefore = await cpuSnapshot(workDir, roleOf);
    const refreshes1 = await runLoad({ concurrency: 1, total: refreshTokens.length }, async (index) => {
      const token = refreshTokens[index];
      if (token !== undefined) await refresh(apiUrl, token);
    });
    const refreshCpu = cpuPerOperation(
      refreshCpuBefore,
      await cpuSnapshot(workDir, roleOf),
      refreshes1.completed,
    );
    const largestItemBytes = await largestItemsByKind(store);

    log('7. store work: DynamoDB round trips and capacity units per request of each route (not timed)');
    const storeWork = await measureStoreWork(live, apiUrl, emailUrl, plan.storeWorkRequests);

    log('4. bundles: size and cold start, beside the floor (the DynamoDB client alone)');
    assets ??= await synthesis;
    const [floor, ...measured] = await measureBundles(
      [assets.floor, ...assets.functions],
      live.info.env,
      plan.coldStartRuns,
    );
    if (floor === undefined) throw new Error('The floor bundle was not measured');
    const bundles = besideFloor(measured, floor);

    log('5. stopping the runtime and reading its CPU profile');
    await cleanUp();
    if (profilePath === undefined) throw new Error('The API process wrote no CPU profile');
    const profile = await summarizeProfile(profilePath, windows, { rank: ['register', 'confirm'] });

    const registration = {
      concurrency,
      completed: registrations.completed,
      perSecond: ratePerSecond(registrations),
      latencyAt1: summarize(registerAt1.latenciesMs),
      cpuMsPerRegistration: registrationCpu,
    };
    const apiCpu = (cpu: { byRole: Readonly<Record<string, number>> }): number =>
      cpu.byRole[API_PROCESS] ?? Number.NaN;
    const confirmResult = {
      method: 'right codes from the email outbox',
      at1: summarize(confirms1.latenciesMs),
      at16: summarize(confirms16.latenciesMs),
      cpuMsAt16: confirmCpuAt16,
    };
    const resendResult = {
      method: 'fresh registrations, codes.resendCooldownSeconds = 0',
      at1: summarize(resends1.latenciesMs),
      at16: summarize(resends16.latenciesMs),
      cpuMsAt16: resendCpuAt16,
    };
    const partial = {
      bound,
      registration,
      confirm: confirmResult,
      resend: resendResult,
      signIn: {
        method: 'accounts confirmed in row 3, one sign-in each',
        at1: summarize(signIns1.latenciesMs),
        cpuMs: signInCpu,
      },
      refresh: {
        method: 'the refresh token of each of those sign-ins, used once',
        at1: summarize(refreshes1.latenciesMs),
      },
      profile,
      bundles,
      floor: {
        kb: floor.kb,
        coldStartMs: floor.coldStartMs,
        importMs: floor.importMs,
        ...(floor.cpuMs === undefined ? {} : { cpuMs: floor.cpuMs }),
        composition: floor.composition.slice(0, 3),
      },
      storeWork,
      logging: { requestLogSampleRate: logSampleRate, bytesPerRequest: logBytesPerRequest },
      cpuMsPerRequest: {
        register: apiCpu(registrationCpu),
        confirm: apiCpu(confirmCpuAt16),
        resend: apiCpu(resendCpuAt16),
        signIn: apiCpu(signInCpu),
        refresh: apiCpu(refreshCpu),
      },
      dynamodb: { largestItemBytes },
      finishedAt: new Date().toISOString(),
    };
    const cost = computeCostModel(costInputsFrom(partial, `this run, ${partial.finishedAt}`));
    const withoutTargets: Omit<BenchResults, 'targets'> = {
      version: 1,
      mode: values.smoke === true ? 'smoke' : 'full',
      startedAt: startedAt.toISOString(),
      machine: {
        node: process.version,
        cpus: availableParallelism(),
        cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
        threadPoolSize: concurrency,
        loadAverage: { start: loadAtStart, end: loadavg() },
      },
      settings: { argon2: settings.argon2, overrides: SETTINGS_OVERRIDES, notes: NOTES },
      store: { at1: storeAt1, at16: storeAt16, cpuMsAt16: storeCpuAt16 },
      ratios: {
        registrationsPerBound: registration.perSecond / bound.hashesPerSecond,
        confirmP50VsStore: confirmResult.at16.p50Ms / storeAt16.p50Ms,
        ownCpuPerHash: apiCpu(registrationCpu) / bound.cpuMsPerHash,
        signInCpuPerHash: apiCpu(signInCpu) / bound.cpuMsPerHash,
        coldStartVsFloor: Math.max(...bundles.map((bundle) => bundle.coldStartVsFloor ?? 0)),
      },
      cost: {
        scales: cost.scales,
        goal: cost.goal,
        lambdaMs: cost.lambdaMs,
        fixedMonthlyUsd: cost.fixedMonthlyUsd,
        cognito: cost.cognito,
      },
      ...partial,
    };
    const results: BenchResults = { ...withoutTargets, targets: checkTargets(withoutTargets) };
    await mkdir(path.dirname(outPath), { recursive: true });
    await writeFile(outPath, `${JSON.stringify(results, null, 2)}\n`);
    console.log(formatTable(results));
    if (values.markdown === true) console.log(`\n${formatMarkdown(results)}`);
    log(`results written to ${path.relative(process.cwd(), outPath) || outPath}`);
  };
  if (values['confirm-only'] === true) {
    await confirmOnly(runtime, CONFIRM_ROUNDS);
    await cleanUp();
  } else {
    await fullRun(runtime);
  }
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
  await rm(workDir, { recursive: true, force: true });
}
