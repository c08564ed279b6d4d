// bench: the benchmark's results (written to bench/results/latest.json) and the one table `npm run bench`
// prints from them: the same rows every run, each with its target where the issue sets one. Run on its own,
// it prints the Markdown table of an existing results file: npx tsx bench/report.ts [--results <file>]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { BoundResult } from './bound.js';
import type { BundleResult } from './bundles.js';
import type { CostModel } from './cost-model.js';
import type { ProfileSummary } from './profile.js';
import type { Latencies } from './stats.js';
import type { StoreWorkRow } from './store-work.js';

export interface BenchResults {
  readonly version: 1;
  readonly mode: 'full' | 'smoke';
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: {
    readonly node: string;
    readonly cpus: number;
    readonly cpuModel: string;
    readonly threadPoolSize: number;
    /** os.loadavg() (1, 5, 15 min) when the bench started and when it finished. */
    readonly loadAverage: { readonly start: readonly number[]; readonly end: readonly number[] };
  };
  readonly settings: {
    readonly argon2: BoundResult['argon2'];
    /** Overrides of the local AppSettings for the bench runtime. */
    readonly overrides: unknown;
    readonly notes: readonly string[];
  };
  readonly bound: BoundResult;
  readonly registration: {
    readonly concurrency: number;
    readonly completed: number;
    readonly perSecond: number;
    /** Latency of one registration with no other request in flight. */
    readonly latencyAt1: Latencies;
    /** CPU ms per registration in the timed load, by process (the API process's includes its argon2 hash); absent in older results. */
    readonly cpuMsPerRegistration?: CpuPerOperation;
  };
  readonly confirm: {
    readonly method: string;
    readonly at1: Latencies;
    readonly at16: Latencies;
    /** CPU ms per confirm at 16 clients, by process; absent in older results. */
    readonly cpuMsAt16?: CpuPerOperation;
  };
  readonly resend: {
    readonly method: string;
    readonly at1: Latencies;
    readonly at16: Latencies;
    /** CPU ms per resend at 16 clients, by process; absent in older results. */
    readonly cpuMsAt16?: CpuPerOperation;
  };
  /** POST /v1/sessions (an argon2id verify) and POST /v1/sessions/refresh at one client; absent in older results. */
  readonly signIn?: { readonly method: string; readonly at1: Latencies; readonly cpuMs?: CpuPerOperation };
  readonly refresh?: { readonly method: string; readonly at1: Latencies };
  /** Bare DynamoDB Local GetItem + UpdateItem round trip. */
  readonly store: { readonly at1: Latencies; readonly at16: Latencies; readonly cpuMsAt16?: CpuPerOperation };
  readonly ratios: {
    /** Registrations per second through the API / argon2id hashes per second (the bound). */
    readonly registrationsPerBound: number;
    /** Confirm p50 at 16 clients / bare GetItem+UpdateItem p50 at 16 clients. */
    readonly confirmP50VsStore: number;
    /** API-process CPU per registration / CPU per argon2id hash (the bound's), same run; absent in older results. */
    readonly ownCpuPerHash?: number;
    /** API-process CPU per sign-in (its argon2id verify included) / CPU per argon2id hash, same run. */
    readonly signInCpuPerHash?: number;
    /** The slowest function's cold start / the floor's, same run. */
    readonly coldStartVsFloor?: number;
  };
  /** API-process CPU ms per request by route (register and sign-in with their hash); absent in older results. */
  readonly cpuMsPerRequest?: Readonly<Record<'register' | 'confirm' | 'resend' | 'signIn' | 'refresh', number>>;
  readonly bundles: readonly BundleResult[];
  /** `@aws-sdk/client-dynamodb` alone making one client (bench/floor/handler.ts), built and timed as the functions are. */
  readonly floor?: {
    readonly kb: number;
    readonly coldStartMs: number;
    readonly importMs: number;
    readonly cpuMs?: number;
    readonly composition: BundleResult['composition'];
  };
  /** The handlers' log sampling in this run and the stdout bytes they wrote per request, by window. */
  readonly logging?: {
    readonly requestLogSampleRate: number;
    readonly bytesPerRequest: Readonly<Record<string, number>>;
  };
  /** DynamoDB round trips and capacity units per request of each route, beside the least its rules need. */
  readonly storeWork?: readonly StoreWorkRow[];
  readonly profile: ProfileSummary;
  readonly dynamodb: { readonly largestItemBytes: Readonly<Record<string, number>> };
  readonly cost: Pick<CostModel, 'scales' | 'goal' | 'lambdaMs' | 'fixedMonthlyUsd' | 'cognito'>;
  readonly targets: readonly TargetCheck[];
}

/** CPU ms per operation by process (bench/cpu.ts). */
export interface CpuPerOperation {
  readonly byRole: Readonly<Record<string, number>>;
  readonly totalMs: number;
}

export interface TargetCheck {
  readonly name: string;
  readonly target: string;
  readonly value: string;
  readonly met: boolean;
}

/** The issue's targets: a benchmark's, reported, never asserted by a test. */
const TARGETS = {
  ownCpuPerHash: 1.1,
  signInCpuPerHash: 1.1,
  cpuMsPerUnhashedRequest: 2,
  confirmP50VsStore: 2,
  coldStartVsFloor: 1,
} as const;

const ratio = (value: number | undefined, digits = 2): string => (value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits));
const within = (value: number | undefined, bound: number): boolean => value !== undefined && Number.isFinite(value) && value <= bound;

const checkTargets = (results: Omit<BenchResults, 'targets'>): TargetCheck[] => {
  const { ratios, cpuMsPerRequest } = results;
  return [
    {
      name: 'API CPU per registration / per hash',
      target: `≤ ${TARGETS.ownCpuPerHash}`,
      value: ratio(ratios.ownCpuPerHash),
      met: within(ratios.ownCpuPerHash, TARGETS.ownCpuPerHash),
    },
    {
      name: 'API CPU per sign-in / per hash',
      target: `≤ ${TARGETS.signInCpuPerHash}`,
      value: ratio(ratios.signInCpuPerHash),
      met: within(ratios.signInCpuPerHash, TARGETS.signInCpuPerHash),
    },
    ...(['confirm', 'resend'] as const).map((route) => ({
      name: `API CPU per ${route}`,
      target: `≤ ${TARGETS.cpuMsPerUnhashedRequest} ms`,
      value: `${ratio(cpuMsPerRequest?.[route], 1)} ms`,
      met: within(cpuMsPerRequest?.[route], TARGETS.cpuMsPerUnhashedRequest),
    })),
    {
      name: 'confirm p50 @16 / bare round trip p50 @16',
      target: `≤ ${TARGETS.confirmP50VsStore}×`,
      value: `${ratio(ratios.confirmP50VsStore)}×`,
      met: within(ratios.confirmP50VsStore, TARGETS.confirmP50VsStore),
    },
    {
      name: 'slowest cold start / floor',
      target: `≤ ${TARGETS.coldStartVsFloor}×`,
      value: `${ratio(ratios.coldStartVsFloor)}×`,
      met: within(ratios.coldStartVsFloor, TARGETS.coldStartVsFloor),
    },
    {
      name: 'AWS at 1,000,000 MAU by email',
      target: `≤ 5% of Cognito Lite (${Math.round(results.cost.goal.budgetUsd)} USD)`,
      value: `${Math.round(results.cost.goal.signetUsd)} USD`,
      met: results.cost.goal.met,
    },
    ...results.bundles.map((bundle) => ({
      name: `${bundle.name} cold start / floor`,
      target: `≤ ${TARGETS.coldStartVsFloor}×`,
      value: `${ratio(bundle.coldStartVsFloor)}×`,
      met: within(bundle.coldStartVsFloor, TARGETS.coldStartVsFloor),
    })),
  ];
};

/** Row labels that every report holds, whatever was measured (the smoke test checks them). */
const LABEL = {
  bound: 'bound: argon2id hashes/s',
  singleHash: 'one argon2id hash alone',
  registrations: 'registrations/s via HTTP',
  perBound: 'registrations / bound',
  registerAt1: 'register latency @1',
  cpuPerRegistration: 'CPU per registration',
  ownCpuPerHash: 'API CPU per registration / per hash',
  confirmAt1: 'confirm @1',
  confirmAt16: 'confirm @16',
  resendAt1: 'resend @1',
  resendAt16: 'resend @16',
  signInAt1: 'sign-in @1',
  refreshAt1: 'refresh @1',
  confirmCpu: 'API CPU per confirm',
  resendCpu: 'API CPU per resend',
  signInCpuPerHash: 'API CPU per sign-in / per hash',
  storeAt1: 'bare GetItem+UpdateItem @1',
  storeAt16: 'bare GetItem+UpdateItem @16',
  confirmVsStore: 'confirm p50 @16 / bare p50 @16',
  floor: 'floor: @aws-sdk/client-dynamodb alone, one client',
  coldStartVsFloor: 'slowest cold start / floor',
  mainThread: 'main thread per request',
  logBytes: 'log bytes per request',
  costAtScale: 'AWS a month by email, messages aside, vs Cognito',
  costGoal: 'AWS at 1,000,000 MAU / 5% of Cognito Lite',
  cognitoQuota: 'Cognito SignUp default quota',
} as const;
const ROW_LABELS = Object.values(LABEL);

/** Routes of row 7 (store work), in table order. */
const STORE_WORK_ROUTES = ['register', 'confirm', 'resend', 'sign-in', 'refresh'] as const;
const STORE_WORK_ROW_PREFIX = 'store work ';

/** Function rows of row 4 (one per route function and the fallback) and profile rows of row 5. */
const BUNDLE_ROW_PREFIX = 'bundle ';
const PROFILE_ROWS = 10;

const ms = (value: number): string => (Number.isFinite(value) ? `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ms` : '—');
const latency = (value: Latencies): string => `p50 ${ms(value.p50Ms)} / p99 ${ms(value.p99Ms)} (n=${value.count})`;
const status = (met: boolean): string => (met ? 'met' : 'MISSED');
const money = (value: number): string => `$${value.toLocaleString('en-US', { maximumFractionDigits: value >= 100 ? 0 : 2 })}`;

type Row = readonly [row: string, measure: string, value: string, target: string, status: string];

/** DynamoDB Local's CPU per confirm and per bare round trip at 16 clients: at 16 clients it is the bottleneck. */
const storeCpuNote = (results: BenchResults): string => {
  const confirm = results.confirm.cpuMsAt16?.byRole['DynamoDB Local'];
  const bare = results.store.cpuMsAt16?.byRole['DynamoDB Local'];
  if (confirm === undefined || bare === undefined) return '';
  return ` (DynamoDB Local CPU per request pair: confirm ${ms(confirm)}, bare ${ms(bare)}, ${(confirm / Math.max(bare, 1e-9)).toFixed(2)}×)`;
};

/**
 * CPU time per registration by process beside one hash's: with every core busy (as when the bound is measured
 * on a machine with fewer cores than hashes in flight), registrations / bound cannot exceed their quotient.
 */
const cpuRow = (results: BenchResults): string => {
  const cpu = results.registration.cpuMsPerRegistration;
  const hash = results.bound.cpuMsPerHash as number | undefined;
  if (cpu === undefined || hash === undefined) return '— (not measured: results from an older bench)';
  const { byRole, totalMs } = cpu;
  const parts = Object.entries(byRole).map(([role, cpuMs]) => `${role} ${ms(cpuMs)}`);
  return `${ms(totalMs)} (${parts.join(', ')}) vs ${ms(hash)} per hash alone: CPU-bound ceiling ${(hash / Math.max(totalMs, 1e-9)).toFixed(2)}`;
};

/** Builds the table's rows; `formatTable` lays them out. */
const tableRows = (results: BenchResults): Row[] => {
  const target = (name: string): TargetCheck | undefined => results.targets.find((check) => check.name === name);
  const withTarget = (row: string, measure: string, value: string, name: string): Row => {
    const check = target(name);
    return [row, measure, value, check?.target ?? '', check === undefined ? '' : status(check.met)];
  };
  const { bound, registration, profile, ratios, cpuMsPerRequest } = results;
  const c = bound.concurrency;
  const cpuMs = (value: number | undefined): string => (value === undefined ? 'not measured' : ms(value));
  const hashNote = `(hash alone ${ms(bound.cpuMsPerHash)})`;
  const rows: Row[] = [
    ['1', `${LABEL.bound} @${c}`, `${bound.hashesPerSecond.toFixed(1)} /s (${bound.hashes} hashes)`, '', ''],
    ['1', LABEL.singleHash, ms(bound.singleHashMs), '', ''],
    ['2', `${LABEL.registrations} @${c}`, `${registration.perSecond.toFixed(1)} /s (${registration.completed} registrations)`, '', ''],
    ['2', LABEL.perBound, ratios.registrationsPerBound.toFixed(2), '', ''],
    ['2', LABEL.registerAt1, latency(registration.latencyAt1), '', ''],
    ['2', LABEL.cpuPerRegistration, cpuRow(results), '', ''],
    withTarget('2', LABEL.ownCpuPerHash, `${ratio(ratios.ownCpuPerHash)} (${cpuMs(cpuMsPerRequest?.register)} ${hashNote})`, 'API CPU per registration / per hash'),
    ['3', LABEL.confirmAt1, latency(results.confirm.at1), '', ''],
    ['3', LABEL.confirmAt16, latency(results.confirm.at16), '', ''],
    ['3', LABEL.resendAt1, latency(results.resend.at1), '', ''],
    ['3', LABEL.resendAt16, latency(results.resend.at16), '', ''],
    ['3', LABEL.signInAt1, results.signIn === undefined ? 'not measured' : latency(results.signIn.at1), '', ''],
    ['3', LABEL.refreshAt1, results.refresh === undefined ? 'not measured' : latency(results.refresh.at1), '', ''],
    withTarget('3', LABEL.confirmCpu, `${cpuMs(cpuMsPerRequest?.confirm)} @16`, 'API CPU per confirm'),
    withTarget('3', LABEL.resendCpu, `${cpuMs(cpuMsPerRequest?.resend)} @16`, 'API CPU per resend'),
    withTarget('3', LABEL.signInCpuPerHash, `${ratio(ratios.signInCpuPerHash)} (${cpuMs(cpuMsPerRequest?.signIn)} ${hashNote})`, 'API CPU per sign-in / per hash'),
    ['3', LABEL.storeAt1, latency(results.store.at1), '', ''],
    ['3', LABEL.storeAt16, latency(results.store.at16), '', ''],
    withTarget('3', LABEL.confirmVsStore, `${ratios.confirmP50VsStore.toFixed(2)}×${storeCpuNote(results)}`, 'confirm p50 @16 / bare round trip p50 @16'),
  ];
  const { floor } = results;
  const largestOf = (composition: BundleResult['composition']): string =>
    composition
      .slice(0, 3)
      .map((part) => `${part.source} ${part.kb.toFixed(0)}`)
      .join(', ');
  rows.push([
    '4',
    LABEL.floor,
    floor === undefined
      ? 'not measured'
      : `${floor.kb.toFixed(0)} KB / ${ms(floor.coldStartMs)} (import ${ms(floor.importMs)}${floor.cpuMs === undefined ? '' : `; CPU ${ms(floor.cpuMs)}`}); largest: ${largestOf(floor.composition)}`,
    '',
    '',
  ]);
  for (const bundle of results.bundles) {
    rows.push(
      withTarget(
        '4',
        `${BUNDLE_ROW_PREFIX}${bundle.name}: size / cold start`,
        `${bundle.kb.toFixed(0)} KB${floor === undefined ? '' : ` (${(bundle.kb / floor.kb).toFixed(2)}× floor)`} / ${ms(bundle.coldStartMs)}` +
          ` (${ratio(bundle.coldStartVsFloor)}× floor; import ${ms(bundle.importMs)}${bundle.cpuMs === undefined ? '' : `; CPU ${ms(bundle.cpuMs)}`}); largest: ${largestOf(bundle.composition)}`,
        `${bundle.name} cold start / floor`,
      ),
    );
  }
  const slowest = [...results.bundles].sort((a, b) => (b.coldStartVsFloor ?? 0) - (a.coldStartVsFloor ?? 0))[0];
  rows.push(
    withTarget('4', LABEL.coldStartVsFloor, `${ratio(ratios.coldStartVsFloor)}×${slowest === undefined ? '' : ` (${slowest.name})`}`, 'slowest cold start / floor'),
  );
  const labels = Object.keys(profile.busyMicrosPerRequest);
  rows.push([
    '5',
    LABEL.mainThread,
    labels.map((label) => `${label} ${(profile.busyMicrosPerRequest[label] ?? 0).toFixed(0)} µs`).join(', ') +
      ` (GC ${((profile.gcMs / Math.max(1, profile.totalMs - profile.idleMs)) * 100).toFixed(0)}% of busy)`,
    '',
    '',
  ]);
  const { logging } = results;
  rows.push([
    '5',
    LABEL.logBytes,
    logging === undefined
      ? 'not measured'
      : `${Object.entries(logging.bytesPerRequest)
          .map(([route, bytes]) => `${route} ${bytes.toFixed(0)} B`)
          .join(', ')} (request lines sampled at ${logging.requestLogSampleRate})`,
    '',
    '',
  ]);
  for (let i = 0; i < PROFILE_ROWS; i += 1) {
    const entry = profile.top[i];
    rows.push([
      `5.${String(i + 1).padStart(2, '0')}`,
      entry === undefined ? '—' : entry.function,
      entry === undefined
        ? '—'
        : `${Object.entries(entry.microsPerRequest)
            .map(([label, micros]) => `${micros.toFixed(0)} µs/${label}`)
            .join(', ')}; ${(entry.shareOfBusy * 100).toFixed(1)}% of busy; ${entry.origin}`,
      '',
      '',
    ]);
  }
  const { cost } = results;
  for (const scale of cost.scales) {
    rows.push([
      '6',
      `${LABEL.costAtScale} @ ${scale.mau.toLocaleString('en-US')} MAU`,
      `${money(scale.signetEmail)} (+ ${money(scale.emailMessages)} emails) vs Lite ${money(scale.cognitoLite)}, Essentials ${money(scale.cognitoEssentials)}; SMS (GB) all in ${money(scale.signetSms)}`,
      '',
      '',
    ]);
  }
  rows.push(
    withTarget('6', LABEL.costGoal, `${money(cost.goal.signetUsd)} / ${money(cost.goal.budgetUsd)}`, 'AWS at 1,000,000 MAU by email'),
    ['6', LABEL.cognitoQuota, `${cost.cognito.signUpQuota.requestsPerSecond} requests/s (UserCreation)`, '', ''],
  );
  for (const route of STORE_WORK_ROUTES) {
    const work = results.storeWork?.find((row) => row.route === route);
    const units = (value: number): string => (Number.isInteger(value) ? String(value) : value.toFixed(1));
    rows.push([
      '7',
      `${STORE_WORK_ROW_PREFIX}${route}: round trips, WCU, RCU per request`,
      work === undefined
        ? 'not measured'
        : `${units(work.roundTripsPerRequest)} (${Object.entries(work.operationsPerRequest)
            .map(([operation, n]) => `${operation} ${units(n)}`)
            .join(', ')}), ${units(work.writeUnitsPerRequest)} WCU, ${units(work.readUnitsPerRequest)} RCU (n=${work.requests})`,
      work === undefined ? '' : `least the rules need: ${work.minimum.roundTrips}, ${work.minimum.writeUnits} WCU, ${work.minimum.readUnits} RCU`,
      work === undefined
        ? ''
        : work.roundTripsPerRequest <= work.minimum.roundTrips && work.writeUnitsPerRequest <= work.minimum.writeUnits
          ? 'at the least'
          : 'above the least',
    ]);
  }
  return rows;
};

/** The table, with a header naming the machine, its load and the settings, and notes under it. */
const formatTable = (results: BenchResults): string => {
  const header: Row = ['row', 'measure', 'value', 'target', 'status'];
  const rows = [header, ...tableRows(results)];
  const widths = header.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  const line = (row: Row): string => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ').trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('-+-');
  const { machine, settings } = results;
  const load = (values: readonly number[]): string => values.map((value) => value.toFixed(2)).join(' ');
  return [
    `Signet benchmark (${results.mode}), ${results.finishedAt}`,
    `node ${machine.node}, ${machine.cpus} CPUs (${machine.cpuModel}), libuv thread pool ${machine.threadPoolSize}, ` +
      `load average ${load(machine.loadAverage.start)} at start, ${load(machine.loadAverage.end)} at end`,
    `argon2id m=${settings.argon2.memoryKiB} KiB t=${settings.argon2.iterations} p=${settings.argon2.parallelism}` +
      ((settings.overrides as { argon2?: unknown } | undefined)?.argon2 === undefined ? ' (AppSettings defaults)' : ' (--argon2)'),
    line(header),
    rule,
    ...rows.slice(1).map(line),
    ...settings.notes.map((note) => `* ${note}`),
  ].join('\n');
};

/**
 * The same rows as a Markdown table for the README's "Benchmarks" section, under a line naming the run, the
 * machine and its load (`npm run bench -- --markdown`, or `npx tsx bench/report.ts` for an existing results file).
 */
const formatMarkdown = (results: BenchResults): string => {
  const cell = (text: string): string => text.replaceAll('|', '\\|');
  const { machine, settings } = results;
  const load = (values: readonly number[]): string => values.map((value) => value.toFixed(1)).join(' ');
  return [
    `Run of ${results.finishedAt.slice(0, 10)} (${results.mode}): node ${machine.node}, ${machine.cpus} CPUs ` +
      `(${machine.cpuModel}), libuv thread pool ${machine.threadPoolSize}, load average ${load(machine.loadAverage.start)} ` +
      `at start and ${load(machine.loadAverage.end)} at end; argon2id m=${settings.argon2.memoryKiB} KiB ` +
      `t=${settings.argon2.iterations} p=${settings.argon2.parallelism}.`,
    '',
    '| Row | Measure | Value | Target | Status |',
    '|---|---|---|---|---|',
    ...tableRows(results).map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
};

export {
  BUNDLE_ROW_PREFIX,
  checkTargets,
  formatMarkdown,
  formatTable,
  PROFILE_ROWS,
  ROW_LABELS,
  STORE_WORK_ROUTES,
  STORE_WORK_ROW_PREFIX,
  TARGETS,
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { results: { type: 'string' } } });
  const resultsPath = resolve(values.results ?? fileURLToPath(new URL('./results/latest.json', import.meta.url)));
  const results = JSON.parse(readFileSync(resultsPath, 'utf8')) as BenchResults;
  console.log(formatMarkdown(results));
}
