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
  readonly resend: { readonly method: string; readonly at1: Latencies; readonly at16: Latencies };
  /** POST /v1/sessions (an argon2id verify) and POST /v1/sessions/refresh at one client; absent in older results. */
  readonly signIn?: { readonly method: string; readonly at1: Latencies };
  readonly refresh?: { readonly method: string; readonly at1: Latencies };
  /** Bare DynamoDB Local GetItem + UpdateItem round trip. */
  readonly store: { readonly at1: Latencies; readonly at16: Latencies; readonly cpuMsAt16?: CpuPerOperation };
  readonly ratios: {
    /** Registrations per second through the API / argon2id hashes per second (the bound). */
    readonly registrationsPerBound: number;
    /** Confirm p50 at 16 clients / bare GetItem+UpdateItem p50 at 16 clients. */
    readonly confirmP50VsStore: number;
  };
  readonly bundles: readonly BundleResult[];
  readonly profile: ProfileSummary;
  readonly dynamodb: { readonly largestItemBytes: Readonly<Record<string, number>> };
  readonly cost: Pick<CostModel, 'perMillionRegistrations' | 'perTenThousandMau' | 'lambdaMs' | 'fixedMonthlyUsd'> & {
    readonly cognito: CostModel['cognito'];
  };
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
  registrationsPerBound: 0.8,
  confirmP50VsStore: 3,
  bundleKb: 300,
  coldStartMs: 150,
} as const;

const checkTargets = (results: Omit<BenchResults, 'targets'>): TargetCheck[] => [
  {
    name: 'registrations / bound',
    target: `≥ ${TARGETS.registrationsPerBound}`,
    value: results.ratios.registrationsPerBound.toFixed(2),
    met: results.ratios.registrationsPerBound >= TARGETS.registrationsPerBound,
  },
  {
    name: 'confirm p50 @16 / bare round trip p50 @16',
    target: `≤ ${TARGETS.confirmP50VsStore}×`,
    value: `${results.ratios.confirmP50VsStore.toFixed(2)}×`,
    met: results.ratios.confirmP50VsStore <= TARGETS.confirmP50VsStore,
  },
  ...results.bundles.flatMap((bundle) => [
    {
      name: `${bundle.name} bundle size`,
      target: `≤ ${TARGETS.bundleKb} KB`,
      value: `${bundle.kb.toFixed(0)} KB`,
      met: bundle.kb <= TARGETS.bundleKb,
    },
    {
      name: `${bundle.name} cold start`,
      target: `≤ ${TARGETS.coldStartMs} ms`,
      value: `${bundle.coldStartMs.toFixed(0)} ms`,
      met: bundle.coldStartMs <= TARGETS.coldStartMs,
    },
  ]),
];

/** Row labels that every report holds, whatever was measured (the smoke test checks them). */
const ROW_LABELS = [
  'bound: argon2id hashes/s',
  'one argon2id hash alone',
  'registrations/s via HTTP',
  'registrations / bound',
  'register latency @1',
  'CPU per registration',
  'confirm @1',
  'confirm @16',
  'resend @1',
  'resend @16',
  'sign-in @1',
  'refresh @1',
  'bare GetItem+UpdateItem @1',
  'bare GetItem+UpdateItem @16',
  'confirm p50 @16 / bare p50 @16',
  'main thread per request',
  'AWS per 1,000,000 registrations',
  'AWS per 10,000 MAU',
  'Cognito per 1,000,000 MAU',
  'Cognito SignUp default quota',
] as const;

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
  const { bound, registration, profile } = results;
  const c = bound.concurrency;
  const rows: Row[] = [
    ['1', `${ROW_LABELS[0]} @${c}`, `${bound.hashesPerSecond.toFixed(1)} /s (${bound.hashes} hashes)`, '', ''],
    ['1', ROW_LABELS[1], ms(bound.singleHashMs), '', ''],
    ['2', `${ROW_LABELS[2]} @${c}`, `${registration.perSecond.toFixed(1)} /s (${registration.completed} registrations)`, '', ''],
    withTarget('2', ROW_LABELS[3], results.ratios.registrationsPerBound.toFixed(2), 'registrations / bound'),
    ['2', ROW_LABELS[4], latency(registration.latencyAt1), '', ''],
    ['2', ROW_LABELS[5], cpuRow(results), '', ''],
    ['3', ROW_LABELS[6], latency(results.confirm.at1), '', ''],
    ['3', ROW_LABELS[7], latency(results.confirm.at16), '', ''],
    ['3', ROW_LABELS[8], latency(results.resend.at1), '', ''],
    ['3', ROW_LABELS[9], latency(results.resend.at16), '', ''],
    ['3', ROW_LABELS[10], results.signIn === undefined ? 'not measured' : latency(results.signIn.at1), '', ''],
    ['3', ROW_LABELS[11], results.refresh === undefined ? 'not measured' : latency(results.refresh.at1), '', ''],
    ['3', ROW_LABELS[12], latency(results.store.at1), '', ''],
    ['3', ROW_LABELS[13], latency(results.store.at16), '', ''],
    withTarget('3', ROW_LABELS[14], `${results.ratios.confirmP50VsStore.toFixed(2)}×${storeCpuNote(results)}`, 'confirm p50 @16 / bare round trip p50 @16'),
  ];
  for (const bundle of results.bundles) {
    const size = target(`${bundle.name} bundle size`);
    const cold = target(`${bundle.name} cold start`);
    const largest = bundle.composition
      .slice(0, 3)
      .map((part) => `${part.source} ${part.kb.toFixed(0)}`)
      .join(', ');
    rows.push([
      '4',
      `${BUNDLE_ROW_PREFIX}${bundle.name}: size / cold start`,
      `${bundle.kb.toFixed(0)} KB / ${ms(bundle.coldStartMs)} (import ${ms(bundle.importMs)}); largest: ${largest}`,
      `≤ ${TARGETS.bundleKb} KB / ≤ ${TARGETS.coldStartMs} ms`,
      `${status(size?.met ?? false)} / ${status(cold?.met ?? false)}`,
    ]);
  }
  const labels = Object.keys(profile.busyMicrosPerRequest);
  rows.push([
    '5',
    ROW_LABELS[15],
    labels.map((label) => `${label} ${(profile.busyMicrosPerRequest[label] ?? 0).toFixed(0)} µs`).join(', ') +
      ` (GC ${((profile.gcMs / Math.max(1, profile.totalMs - profile.idleMs)) * 100).toFixed(0)}% of busy)`,
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
  rows.push(
    ['6', ROW_LABELS[16], `${money(cost.perMillionRegistrations.email)} email / ${money(cost.perMillionRegistrations.sms)} SMS (GB)`, '', ''],
    ['6', ROW_LABELS[17], `${money(cost.perTenThousandMau.email)} email / ${money(cost.perTenThousandMau.sms)} SMS (GB)`, '', ''],
    [
      '6',
      ROW_LABELS[18],
      `Lite ${money(cost.cognito.liteMillion)}, Essentials ${money(cost.cognito.essentialsMillion)} (+ the same messages)`,
      '',
      '',
    ],
    ['6', ROW_LABELS[19], `${cost.cognito.signUpQuota.requestsPerSecond} requests/s (UserCreation)`, '', ''],
  );
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

export { BUNDLE_ROW_PREFIX, checkTargets, formatMarkdown, formatTable, PROFILE_ROWS, ROW_LABELS, TARGETS };

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { results: { type: 'string' } } });
  const resultsPath = resolve(values.results ?? fileURLToPath(new URL('./results/latest.json', import.meta.url)));
  const results = JSON.parse(readFileSync(resultsPath, 'utf8')) as BenchResults;
  console.log(formatMarkdown(results));
}
