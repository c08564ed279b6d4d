// bench: choosing argon2id parameters for a time budget (used by bench/calibrate.ts). Memory first, as RFC 9106
// (section 4) and the OWASP Password Storage Cheat Sheet advise: take the most memory the function can spare,
// lower it only if even one pass is too slow, and spend what time is left on more passes.
import { performance } from 'node:perf_hooks';
import * as argon2 from 'argon2';
import type { AppSettings } from '../shared/config/settings.js';
import { median } from './stats.js';

export type Argon2Parameters = AppSettings['argon2'];

/** The schema's bounds (shared/config/settings.ts). */
const SCHEMA = { minMemoryKiB: 8192, maxMemoryKiB: 4_194_304, maxIterations: 100 } as const;

/** OWASP's minimum argon2id configurations (equal strength, trading memory for passes), p=1. */
const OWASP_MINIMUMS: readonly Argon2Parameters[] = [
  { memoryKiB: 47_104, iterations: 1, parallelism: 1 },
  { memoryKiB: 19_456, iterations: 2, parallelism: 1 },
  { memoryKiB: 12_288, iterations: 3, parallelism: 1 },
  { memoryKiB: 9216, iterations: 4, parallelism: 1 },
  { memoryKiB: 7168, iterations: 5, parallelism: 1 },
];

/** Whether the parameters are at least one of OWASP's minimum configurations. */
const meetsOwaspMinimum = (params: Argon2Parameters): boolean =>
  OWASP_MINIMUMS.some((minimum) => params.iterations >= minimum.iterations && params.memoryKiB >= minimum.memoryKiB);

/** Lambda gives a function one full vCPU at 1,769 MB, a proportional share below. */
const FULL_VCPU_MB = 1769;

/**
 * The memory a hash may take in a function of `memoryMb`: what is left after `headroomMb` for Node.js, the
 * bundle and the SDK clients, in whole MiB, within the schema's bounds. One request runs at a time per
 * Lambda instance, so one hash at a time.
 */
const memoryCeilingKiB = (memoryMb: number, headroomMb: number): number =>
  Math.min(SCHEMA.maxMemoryKiB, Math.max(SCHEMA.minMemoryKiB, Math.floor(memoryMb - headroomMb) * 1024));

/** Default headroom: a quarter of the function's memory, at least 256 MB. */
const defaultHeadroomMb = (memoryMb: number): number => Math.max(256, Math.ceil(memoryMb / 4));

/** Times one configuration: median ms per hash. */
export type HashTimer = (params: Argon2Parameters, runs: number) => Promise<number>;

/** Times argon2id hashes of a typical password, one at a time, after one untimed hash. */
const timeArgon2: HashTimer = async (params, runs) => {
  const options = {
    type: argon2.argon2id,
    memoryCost: params.memoryKiB,
    timeCost: params.iterations,
    parallelism: params.parallelism,
  } as const;
  const password = 'plum orbit lantern canvas 7f3a';
  await argon2.hash(password, options);
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const began = performance.now();
    await argon2.hash(password, options);
    samples.push(performance.now() - began);
  }
  return median(samples);
};

export interface Probe {
  readonly params: Argon2Parameters;
  readonly ms: number;
}

export interface Calibration {
  readonly targetMs: number;
  readonly memoryCeilingKiB: number;
  /** The strongest parameters found within the target, or the weakest allowed when nothing fits. */
  readonly chosen: Argon2Parameters;
  /** Median time of the chosen parameters, `runs` hashes. */
  readonly chosenMs: number;
  readonly fits: boolean;
  readonly probes: readonly Probe[];
}

const MIB = 1024;
const roundDownMiB = (kib: number): number => Math.max(SCHEMA.minMemoryKiB, Math.floor(kib / MIB) * MIB);

/**
 * Finds the strongest argon2id parameters whose hash takes at most `targetMs`:
 * 1. one pass (t=1) at the memory ceiling; if that is too slow, the most memory (whole MiB) that fits in
 *    one pass, by interpolation then bisection (the time grows linearly with memory);
 * 2. with that memory, the most passes that still fit.
 * Probes use `probeRuns` hashes each; the result is confirmed with `runs`, stepping down if it misses.
 */
const chooseArgon2Parameters = async (options: {
  readonly targetMs: number;
  readonly memoryCeilingKiB: number;
  readonly parallelism: number;
  readonly runs: number;
  readonly probeRuns?: number;
  readonly time?: HashTimer;
}): Promise<Calibration> => {
  const time = options.time ?? timeArgon2;
  const probeRuns = options.probeRuns ?? 3;
  const { targetMs, parallelism } = options;
  const probes: Probe[] = [];
  const probe = async (memoryKiB: number, iterations: number, runs = probeRuns): Promise<number> => {
    const params = { memoryKiB, iterations, parallelism };
    const ms = await time(params, runs);
    probes.push({ params, ms });
    return ms;
  };

  // 1. Memory first, at one pass.
  const ceiling = roundDownMiB(options.memoryCeilingKiB);
  let memoryKiB = ceiling;
  const atCeiling = await probe(ceiling, 1);
  if (atCeiling > targetMs) {
    const floorMs = await probe(SCHEMA.minMemoryKiB, 1);
    if (floorMs > targetMs) {
      const chosen = { memoryKiB: SCHEMA.minMemoryKiB, iterations: 1, parallelism };
      return { targetMs, memoryCeilingKiB: ceiling, chosen, chosenMs: floorMs, fits: false, probes };
    }
    // Invariant: `low` fits, `high` does not.
    let low: number = SCHEMA.minMemoryKiB;
    let high = ceiling;
    let lowMs = floorMs;
    let highMs = atCeiling;
    while (high - low > MIB) {
      const interpolated = low + ((targetMs - lowMs) / (highMs - lowMs)) * (high - low);
      // Interpolate, but never to the very ends, so that each probe narrows the bracket.
      const guess = roundDownMiB(Math.min(high - MIB, Math.max(low + MIB, interpolated)));
      const ms = await probe(guess, 1);
      if (ms <= targetMs) {
        low = guess;
        lowMs = ms;
      } else {
        high = guess;
        highMs = ms;
      }
      // Close enough: within 2% of the target or 1% of the memory range.
      if ((lowMs >= targetMs * 0.98 && low !== SCHEMA.minMemoryKiB) || high - low <= Math.max(MIB, ceiling / 100)) break;
    }
    memoryKiB = low;
  }

  // 2. Then passes, while they fit (time grows linearly with passes).
  const onePass = probes.findLast((p) => p.params.memoryKiB === memoryKiB && p.params.iterations === 1)?.ms ?? atCeiling;
  let iterations = Math.max(1, Math.min(SCHEMA.maxIterations, Math.floor(targetMs / onePass)));
  while (iterations > 1 && (await probe(memoryKiB, iterations)) > targetMs) iterations -= 1;
  while (iterations < SCHEMA.maxIterations && (await probe(memoryKiB, iterations + 1)) <= targetMs) iterations += 1;

  // Confirm with more runs; a miss steps down a pass, or 5% of memory at one pass.
  let chosen = { memoryKiB, iterations, parallelism };
  let chosenMs = await probe(chosen.memoryKiB, chosen.iterations, options.runs);
  while (chosenMs > targetMs && (chosen.iterations > 1 || chosen.memoryKiB > SCHEMA.minMemoryKiB)) {
    chosen =
      chosen.iterations > 1
        ? { ...chosen, iterations: chosen.iterations - 1 }
        : { ...chosen, memoryKiB: roundDownMiB(chosen.memoryKiB * 0.95) };
    chosenMs = await probe(chosen.memoryKiB, chosen.iterations, options.runs);
  }
  return { targetMs, memoryCeilingKiB: ceiling, chosen, chosenMs, fits: chosenMs <= targetMs, probes };
};

/** The line to paste into each stage's `app` in infra/stages.ts. */
const stageConfigLine = (params: Argon2Parameters): string =>
  `argon2: { memoryKiB: ${params.memoryKiB.toLocaleString('en-US').replaceAll(',', '_')}, iterations: ${params.iterations}, parallelism: ${params.parallelism} },`;

export {
  chooseArgon2Parameters,
  defaultHeadroomMb,
  FULL_VCPU_MB,
  meetsOwaspMinimum,
  memoryCeilingKiB,
  OWASP_MINIMUMS,
  SCHEMA as ARGON2_SCHEMA_BOUNDS,
  stageConfigLine,
  timeArgon2,
};
