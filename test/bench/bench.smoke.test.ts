// test/bench: a smoke run of `npm run bench` (bench/run.ts --smoke): every measurement with a handful of
// requests, so the benchmark cannot rot unnoticed (2-4 minutes on 2 busy cores). No timing is asserted: only
// that the run finishes, prints every row, writes the JSON the README and the cost model read, and leaves
// nothing running behind it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILE_ROWS, ROW_LABELS, STORE_WORK_ROUTES, STORE_WORK_ROW_PREFIX, type BenchResults } from '../../bench/report.js';
import { FALLBACK_FUNCTION, ROUTES } from '../../infra/route-infra.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tsxCli = join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/cli.mjs');

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The smoke run's process while it runs, so that afterAll can stop it if beforeAll gave up waiting. */
let running: ChildProcess | undefined;

/** Runs bench/run.ts through tsx, as `npm run bench -- --smoke` does, with its temporary files under `tempRoot`. */
const runSmoke = (outFile: string, tempRoot: string): Promise<Finished> =>
  new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [tsxCli, 'bench/run.ts', '--smoke', '--out', outFile], {
      cwd: repositoryRoot,
      env: { ...process.env, TMPDIR: tempRoot },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running = child;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolveRun({ code, stdout, stderr }));
  });

/** Command lines of running processes that mention the folder (a JVM left behind would). */
const processesUsing = async (folder: string): Promise<string[]> => {
  const found: string[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).replaceAll('\0', ' ');
      if (cmdline.includes(folder)) found.push(cmdline);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
};

describe('Script: bench/run.ts --smoke', () => {
  let tempRoot: string;
  let outFile: string;
  let run: Finished;
  let results: BenchResults;

  beforeAll(async () => {
    tempRoot = await mkdtemp(join(tmpdir(), 'signet-bench-smoke-'));
    outFile = join(tempRoot, 'results', 'latest.json');
    run = await runSmoke(outFile, tempRoot);
    results = JSON.parse(await readFile(outFile, 'utf8')) as BenchResults;
  }, 420_000);

  afterAll(async () => {
    // The bench stops its runtime on SIGTERM (tsx passes the signal on) before the folder goes.
    const child = running;
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(tempRoot, { recursive: true, force: true });
  }, 60_000);

  it('finishes and prints one table with every row, whatever the timings', () => {
    // Assess
    expect(run.code, run.stderr).toBe(0);
    for (const label of ROW_LABELS) expect(run.stdout).toContain(label);
    for (let row = 1; row <= PROFILE_ROWS; row += 1) {
      expect(run.stdout).toMatch(new RegExp(`^5\\.${String(row).padStart(2, '0')} `, 'm'));
    }
    for (const route of STORE_WORK_ROUTES) expect(run.stdout).toContain(`${STORE_WORK_ROW_PREFIX}${route}:`);
  });

  it('measures a bundle for every route function and the fallback, as the stack builds them', () => {
    // Prepare
    const expected = [...ROUTES.map((route) => route.name), FALLBACK_FUNCTION];

    // Assess
    expect(results.bundles.map((bundle) => bundle.name)).toEqual(expect.arrayContaining(expected));
    for (const bundle of results.bundles) {
      expect(bundle.kb, bundle.name).toBeGreaterThan(0);
      expect(bundle.coldStartMs, bundle.name).toBeGreaterThan(0);
      expect(bundle.coldStartVsFloor, bundle.name).toBeGreaterThan(0);
      expect(run.stdout).toContain(`bundle ${bundle.name}: size / cold start`);
    }
  });

  it('writes the JSON the README and the cost model read', () => {
    // Assess
    expect(results).toMatchObject({
      mode: 'smoke',
      ratios: {
        registrationsPerBound: expect.any(Number),
        confirmP50VsStore: expect.any(Number),
        ownCpuPerHash: expect.any(Number),
        signInCpuPerHash: expect.any(Number),
        coldStartVsFloor: expect.any(Number),
      },
      cpuMsPerRequest: { confirm: expect.any(Number), resend: expect.any(Number) },
      floor: { kb: expect.any(Number), coldStartMs: expect.any(Number) },
      bound: { hashesPerSecond: expect.any(Number), singleHashMs: expect.any(Number) },
      registration: { perSecond: expect.any(Number), latencyAt1: { p50Ms: expect.any(Number) } },
      confirm: { at1: { p50Ms: expect.any(Number) }, at16: { p50Ms: expect.any(Number), p99Ms: expect.any(Number) } },
      resend: { at1: { p50Ms: expect.any(Number) }, at16: { p50Ms: expect.any(Number) } },
      signIn: { at1: { p50Ms: expect.any(Number) } },
      refresh: { at1: { p50Ms: expect.any(Number) } },
      store: { at16: { p50Ms: expect.any(Number) } },
      cost: { goal: { signetUsd: expect.any(Number), budgetUsd: expect.any(Number) }, scales: expect.any(Array) },
    });
    expect(results.confirm.at16.count).toBe(16);
    expect(results.resend.at16.count).toBe(16);
    // Every account confirmed at one client signs in once, and each sign-in's refresh token is used once.
    expect(results.signIn?.at1.count).toBe(results.confirm.at1.count);
    expect(results.refresh?.at1.count).toBe(results.confirm.at1.count);
    expect(results.profile.top.length).toBeGreaterThan(0);
    // The API process holds only the HTTP server and the handlers: the stand-ins and the JVM are processes of their own.
    expect(Object.keys(results.registration.cpuMsPerRegistration?.byRole ?? {})).toEqual(
      expect.arrayContaining(['API process', 'local stand-ins', 'DynamoDB Local', 'load generator']),
    );
    expect(results.dynamodb.largestItemBytes).toHaveProperty(['account (active)']);
    expect(results.targets.map((target) => target.name)).toEqual(
      expect.arrayContaining(['API CPU per registration / per hash', 'API CPU per confirm', 'slowest cold start / floor']),
    );
    // Store work: every route's round trips and capacity units come from DynamoDB's own ConsumedCapacity.
    expect(results.storeWork?.map((row) => row.route)).toEqual([...STORE_WORK_ROUTES]);
    for (const row of results.storeWork ?? []) {
      expect(row.roundTripsPerRequest, row.route).toBeGreaterThan(0);
      expect(row.writeUnitsPerRequest + row.readUnitsPerRequest, row.route).toBeGreaterThan(0);
    }
  });

  it('stops everything it started and removes its temporary folder', async () => {
    // Prepare: the bench's work folder (data, DynamoDB Local's files, the profile, the synth) lived under tempRoot.
    const left = (await readdir(tempRoot)).filter((entry) => entry.startsWith('signet-bench-'));

    // Assess
    expect(await processesUsing(tempRoot)).toEqual([]);
    expect(left).toEqual([]);
  });
});
