// bench: the Lambda bundles the stack's esbuild step produces (bench/synth-process.ts runs it), their size and
// their cold start: a fresh `node` process importing the bundle and running its module scope, top-level awaits
// included, with the function's environment from the template pointed at the local runtime.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { FALLBACK_FUNCTION, ROUTES } from '../infra/route-infra.js';
import { bundleComposition, type PackageShare } from './bundle-composition.js';
import { median } from './stats.js';

const run = promisify(execFile);

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const SYNTH_ENTRY = fileURLToPath(new URL('./synth-process.ts', import.meta.url));
/** The stage synthesized (every stage deploys the same bundles; settings reach them through the environment). */
const STAGE_STACK = 'signet-prod';
/** The stack bench/synth-process.ts puts the floor function in. */
const FLOOR_STACK = 'signet-bench-floor';
/** The floor's name in the results. */
const FLOOR_NAME = 'floor';

/** One function's deployment package as synthesized. */
export interface BundleAsset {
  readonly name: string;
  /** The asset folder: the bundle, its source map and (for hashing functions) node_modules/argon2. */
  readonly dir: string;
  /** The bundle's entry file in dir. */
  readonly file: string;
  readonly memoryMb: number;
  /** The function's environment variables that are plain strings in the template (tokens left out). */
  readonly environment: Readonly<Record<string, string>>;
}

export interface BundleResult {
  readonly name: string;
  /** The minified bundle file, in KB (1 KB = 1024 bytes); source map and node_modules/argon2 aside. */
  readonly kb: number;
  /** Median, process start to module scope done (Node.js boot, import, top-level awaits). */
  readonly coldStartMs: number;
  /** Median of the import alone (module scope done minus import start). */
  readonly importMs: number;
  /** Median CPU time (user + system) of the process by then: steadier than wall time on a busy machine. */
  readonly cpuMs?: number;
  readonly runs: number;
  readonly sourceMapKb: number;
  /** Everything under node_modules in the asset (argon2 and its prebuild), KB. */
  readonly nodeModulesKb: number;
  /** Who the bundle's bytes come from, largest first (attributed through its source map). */
  readonly composition: readonly PackageShare[];
  /** coldStartMs / the floor's coldStartMs, same run (absent for the floor itself and in older results). */
  readonly coldStartVsFloor?: number;
}

/** The synthesized functions and the floor (bench/floor/handler.ts) they are set beside. */
export interface SynthesizedBundles {
  readonly functions: readonly BundleAsset[];
  readonly floor: BundleAsset;
}

/** Raised when synth fails or a bundle does not load. */
class BundleBenchError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BundleBenchError';
  }
}

/** Function names in the table's row order: the routes, then the fallback. */
const FUNCTION_ORDER = [...ROUTES.map((route) => route.name), FALLBACK_FUNCTION];

/** What NodejsFunction writes with format ESM. */
const BUNDLE_FILE = 'index.mjs';

/** `signet-prod/Fn-register/Function/Resource` → `register`; other constructs by the id above `Function`. */
const functionName = (cdkPath: string): string => {
  const parts = cdkPath.split('/').slice(0, -1);
  if (parts.at(-1) === 'Function') parts.pop();
  return (parts.at(-1) ?? cdkPath).replace(/^Fn-/, '');
};

interface TemplateResource {
  readonly Type: string;
  readonly Metadata?: Record<string, unknown>;
  readonly Properties?: {
    readonly MemorySize?: number;
    readonly Environment?: { readonly Variables?: Record<string, unknown> };
  };
}

/**
 * Runs `cdk synth` for the prod stage in-process in a child (bench/synth-process.ts) into outdir, and lists
 * every function the stack's esbuild step bundled (an index.mjs asset), named from its construct path
 * (`…/Fn-<name>/Function/Resource`), routes first in table order. Aborting the signal kills the child.
 */
const synthesizeBundles = async (outdir: string, signal?: AbortSignal): Promise<SynthesizedBundles> => {
  const output: Buffer[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SYNTH_ENTRY, outdir], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(signal === undefined ? {} : { signal }),
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) {
    throw new BundleBenchError(`cdk synth for the bundles failed (exit ${code}):\n${Buffer.concat(output).toString()}`);
  }
  const functions = await readBundleAssets(outdir);
  const [floorAsset] = await readBundleAssets(outdir, FLOOR_STACK);
  if (floorAsset === undefined) throw new BundleBenchError(`The synth wrote no floor bundle (${FLOOR_STACK})`);
  // Timed as the functions are: with the stack's NODE_OPTIONS, if it sets any.
  const nodeOptions = functions.find((asset) => asset.environment['NODE_OPTIONS'] !== undefined)?.environment['NODE_OPTIONS'];
  const floor = {
    ...floorAsset,
    name: FLOOR_NAME,
    environment: { ...floorAsset.environment, ...(nodeOptions === undefined ? {} : { NODE_OPTIONS: nodeOptions }) },
  };
  return { functions, floor };
};

/** The bundles of a synthesized stack in outdir, the prod stage's by default (see synthesizeBundles). */
const readBundleAssets = async (outdir: string, stack: string = STAGE_STACK): Promise<BundleAsset[]> => {
  const template = JSON.parse(await readFile(path.join(outdir, `${stack}.template.json`), 'utf8')) as {
    Resources: Record<string, TemplateResource>;
  };
  const assets: BundleAsset[] = [];
  for (const resource of Object.values(template.Resources)) {
    const cdkPath = resource.Metadata?.['aws:cdk:path'];
    const assetPath = resource.Metadata?.['aws:asset:path'];
    if (resource.Type !== 'AWS::Lambda::Function' || typeof cdkPath !== 'string' || typeof assetPath !== 'string') continue;
    const dir = path.join(outdir, assetPath);
    // The stack's esbuild step writes ESM (index.mjs); CDK's own providers ship CommonJS index.js.
    if (!existsSync(path.join(dir, BUNDLE_FILE))) continue;
    const variables = resource.Properties?.Environment?.Variables ?? {};
    assets.push({
      name: functionName(cdkPath),
      dir,
      file: BUNDLE_FILE,
      memoryMb: resource.Properties?.MemorySize ?? 128,
      environment: Object.fromEntries(
        Object.entries(variables).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      ),
    });
  }
  const rank = (name: string): number => {
    const index = FUNCTION_ORDER.indexOf(name);
    return index === -1 ? FUNCTION_ORDER.length : index;
  };
  return assets.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
};

/** Imports the bundle, timing it against the process's own start (performance.timeOrigin), then exits. */
const COLD_START_SCRIPT = `
const importStart = performance.now();
await import(process.env.SIGNET_BENCH_BUNDLE);
const ready = performance.now();
const cpu = process.cpuUsage();
process.stdout.write(JSON.stringify({ readyMs: ready, importMs: ready - importStart, cpuMs: (cpu.user + cpu.system) / 1000 }));
process.exit(0);
`;

/** One cold start: wall time to the end of the module scope, the import's part of it, and the CPU time spent. */
interface ColdStartSample {
  readonly readyMs: number;
  readonly importMs: number;
  readonly cpuMs: number;
}

/** Variables of this machine that would change how the bundle loads, or leak into it. */
const isolatedEnv = (): Record<string, string> => ({ PATH: process.env['PATH'] ?? '' });

/**
 * One cold start: a fresh node process (this Node.js, the function's NODE_OPTIONS from the template),
 * cwd the asset folder, as the Lambda runtime loads /var/task.
 */
const coldStartOnce = async (
  asset: BundleAsset,
  localEnv: Readonly<Record<string, string>>,
): Promise<ColdStartSample> => {
  const usesArgon2 = existsSync(path.join(asset.dir, 'node_modules', 'argon2'));
  const env = {
    ...isolatedEnv(),
    ...asset.environment,
    ...localEnv,
    // The asset ships argon2's linux-arm64 prebuild only; node-gyp-build loads this machine's from here.
    ...(usesArgon2 ? { ARGON2_PREBUILD: path.join(PROJECT_ROOT, 'node_modules', 'argon2') } : {}),
    SIGNET_BENCH_BUNDLE: path.join(asset.dir, asset.file),
  };
  try {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', COLD_START_SCRIPT], {
      cwd: asset.dir,
      env,
    });
    // The timing is the last line: a function's init may log before it (a sampled logger says so).
    return JSON.parse(stdout.slice(stdout.lastIndexOf('\n') + 1)) as ColdStartSample;
  } catch (error) {
    const failed = error as { stderr?: string };
    throw new BundleBenchError(
      `The ${asset.name} bundle failed to load:\n${(failed.stderr ?? '').split('\n').slice(0, 12).join('\n')}`,
      { cause: error },
    );
  }
};

const directoryBytes = async (dir: string): Promise<number> => {
  if (!existsSync(dir)) return 0;
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const sizes = await Promise.all(
    entries.filter((entry) => entry.isFile()).map(async (entry) => (await stat(path.join(entry.parentPath, entry.name))).size),
  );
  return sizes.reduce((sum, size) => sum + size, 0);
};

/**
 * Size and cold start of each bundle; cold starts run one after another (never two at once), in rounds
 * that take every bundle once (so a busier minute of the machine falls on all of them alike), `runs`
 * rounds, after one untimed round that warms the OS file cache when there is more than one.
 */
const measureBundles = async (
  assets: readonly BundleAsset[],
  localEnv: Readonly<Record<string, string>>,
  runs: number,
): Promise<BundleResult[]> => {
  const samples = assets.map((): ColdStartSample[] => []);
  if (runs > 1) for (const asset of assets) await coldStartOnce(asset, localEnv);
  for (let round = 0; round < runs; round += 1) {
    for (const [index, asset] of assets.entries()) samples[index]?.push(await coldStartOnce(asset, localEnv));
  }
  const results: BundleResult[] = [];
  for (const [index, asset] of assets.entries()) {
    const bundlePath = path.join(asset.dir, asset.file);
    const mine = samples[index] ?? [];
    const mapPath = `${bundlePath}.map`;
    results.push({
      name: asset.name,
      kb: (await stat(bundlePath)).size / 1024,
      coldStartMs: median(mine.map((sample) => sample.readyMs)),
      importMs: median(mine.map((sample) => sample.importMs)),
      cpuMs: median(mine.map((sample) => sample.cpuMs)),
      runs,
      sourceMapKb: existsSync(mapPath) ? (await stat(mapPath)).size / 1024 : 0,
      nodeModulesKb: (await directoryBytes(path.join(asset.dir, 'node_modules'))) / 1024,
      composition: existsSync(mapPath) ? await bundleComposition(bundlePath, mapPath) : [],
    });
  }
  return results;
};

/** Each function's bundle result with its cold start beside the floor's. */
const besideFloor = (bundles: readonly BundleResult[], floor: BundleResult): BundleResult[] =>
  bundles.map((bundle) => ({ ...bundle, coldStartVsFloor: bundle.coldStartMs / Math.max(floor.coldStartMs, 1e-9) }));

export { besideFloor, BundleBenchError, FLOOR_NAME, FLOOR_STACK, measureBundles, readBundleAssets, synthesizeBundles };
