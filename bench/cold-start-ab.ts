// bench: cold starts of the same functions built two (or more) ways, timed alternately in one run, so a busy
// machine's drift falls on every variant alike: `npx tsx bench/cold-start-ab.ts --variant before=<synth dir>
// --variant after=<synth dir>[,<NODE_OPTIONS>] [--functions confirm,register] [--runs 15]`. A synth dir is
// what bench/synth-process.ts writes (`npx tsx bench/synth-process.ts <dir>`, in any checkout); the text after
// a comma replaces the template's NODE_OPTIONS (`-` for none). Prints each function's medians per variant:
// wall time and CPU time (steadier on a busy machine).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalRuntime } from '../infra/local/runtime.js';
import { measureBundles, readBundleAssets, type BundleAsset } from './bundles.js';

const { values } = parseArgs({
  options: {
    variant: { type: 'string', multiple: true, default: [] },
    functions: { type: 'string', default: 'confirm,register,sessions,me-get,not-found' },
    runs: { type: 'string', default: '15' },
  },
});

interface Variant {
  readonly label: string;
  readonly assets: readonly BundleAsset[];
}

/** `label=dir[,NODE_OPTIONS]` → the variant's bundles, with NODE_OPTIONS replaced when given. */
const variantOf = async (spec: string): Promise<Variant> => {
  const [label, rest] = spec.split(/=(.*)/s);
  if (label === undefined || rest === undefined)
    throw new Error(`--variant takes label=dir[,NODE_OPTIONS], got ${spec}`);
  const [dir, nodeOptions] = rest.split(/,(.*)/s);
  const wanted = new Set(values.functions.split(','));
  const assets = (await readBundleAssets(path.resolve(dir ?? ''))).filter((asset) => wanted.has(asset.name));
  const environment = (asset: BundleAsset): Record<string, string> => {
    const { NODE_OPTIONS: _ignored, ...others } = asset.environment;
    if (nodeOptions === undefined) return { ...asset.environment };
    return nodeOptions === '-' ? others : { ...others, NODE_OPTIONS: nodeOptions };
  };
  return { label, assets: assets.map((asset) => ({ ...asset, environment: environment(asset) })) };
};

const variants = await Promise.all(values.variant.map(variantOf));
if (variants.length < 2) throw new Error('Give at least two --variant label=dir');
const runs = Number(values.runs);
const dataDir = await mkdtemp(path.join(tmpdir(), 'signet-ab-'));
const runtime = await startLocalRuntime({ dataDir, ports: { api: 0, dynamodb: 0, email: 0, sms: 0 } });
try {
  const names = variants[0]?.assets.map((asset) => asset.name) ?? [];
  const medians = new Map<string, Map<string, { ms: number; cpuMs: number; kb: number }>>();
  // One cold start of each variant in turn, `runs` rounds (measureBundles takes its bundles in rounds).
  for (const name of names) {
    const row = variants
      .map((variant) => variant.assets.find((asset) => asset.name === name))
      .filter((asset) => asset !== undefined);
    const results = await measureBundles(row, runtime.env, runs);
    medians.set(
      name,
      new Map(
        results.map((result, index) => [
          variants[index]?.label ?? '?',
          { ms: result.coldStartMs, cpuMs: result.cpuMs ?? Number.NaN, kb: result.kb },
        ]),
      ),
    );
  }
  for (const [name, byVariant] of medians) {
    const cells = [...byVariant].map(
      ([label, { ms, cpuMs, kb }]) =>
        `${label} ${kb.toFixed(0)} KB, ${ms.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU`,
    );
    console.log(`${name}: ${cells.join(' | ')}`);
  }
} finally {
  await runtime.stop();
  await rm(dataDir, { recursive: true, force: true });
}
