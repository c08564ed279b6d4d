// bench: `npm run calibrate -- [--target-ms 250] [--memory-mb <prod hashing memory>] [--headroom-mb …]
// [--parallelism 1] [--runs 5]` (`--help` lists them). Picks the strongest argon2id parameters (memory first, then passes) whose
// hash takes at most the target time on this machine, and prints the line to paste into infra/stages.ts.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { loadStageConfig } from '../infra/stages.js';
import {
  chooseArgon2Parameters,
  defaultHeadroomMb,
  FULL_VCPU_MB,
  meetsOwaspMinimum,
  memoryCeilingKiB,
  stageConfigLine,
  type Argon2Parameters,
} from './calibration.js';

const prod = loadStageConfig('prod');

const USAGE = `Usage: npm run calibrate -- [options]

Picks the strongest argon2id parameters (memory first, then passes; RFC 9106, OWASP) whose hash takes at most
the target time on this machine, and prints the argon2 line for a stage's \`app\` in infra/stages.ts.

Options:
  --target-ms <ms>     time per hash to stay within, on this machine (default 250)
  --memory-mb <MB>     the Lambda memory size of the hashing functions (default: prod's, ${prod.infra.hashingFunctionMemoryMb})
  --headroom-mb <MB>   memory kept for Node.js, the bundle and the SDK (default: a quarter of --memory-mb, at least 256)
  --parallelism <n>    argon2id lanes (default 1: one request per Lambda instance, one vCPU or less)
  --runs <n>           hashes timed to confirm the choice, median (default 5)
  -h, --help           this text

Example: npm run calibrate -- --target-ms 200 --memory-mb 1024`;

const parsed = (() => {
  try {
    return parseArgs({
      options: {
        'target-ms': { type: 'string', default: '250' },
        'memory-mb': { type: 'string' },
        'headroom-mb': { type: 'string' },
        parallelism: { type: 'string', default: '1' },
        runs: { type: 'string', default: '5' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
})();
const { values } = parsed;
if (values.help === true) {
  console.log(USAGE);
  process.exit(0);
}

/** Parses a positive integer flag; fails naming the flag. */
const positiveInteger = (flag: string, raw: string | undefined, fallback: number): number => {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`--${flag} must be a positive integer, got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return value;
};

const targetMs = positiveInteger('target-ms', values['target-ms'], 250);
const memoryMb = positiveInteger('memory-mb', values['memory-mb'], prod.infra.hashingFunctionMemoryMb);
const headroomMb = positiveInteger('headroom-mb', values['headroom-mb'], defaultHeadroomMb(memoryMb));
const parallelism = positiveInteger('parallelism', values.parallelism, 1);
const runs = positiveInteger('runs', values.runs, 5);
if (headroomMb >= memoryMb) {
  console.error(`--headroom-mb (${headroomMb}) must be below --memory-mb (${memoryMb})`);
  process.exit(2);
}

const describe = (params: Argon2Parameters): string =>
  `m=${params.memoryKiB} KiB (${(params.memoryKiB / 1024).toFixed(0)} MiB), t=${params.iterations}, p=${params.parallelism}`;
const ceiling = memoryCeilingKiB(memoryMb, headroomMb);

console.log(
  `Calibrating argon2id for ≤ ${targetMs} ms per hash on this machine (${cpus()[0]?.model.trim() ?? 'unknown CPU'}, node ${process.version}),` +
    ` for a ${memoryMb} MB function: memory ceiling ${(ceiling / 1024).toFixed(0)} MiB (${headroomMb} MB kept for Node.js, the bundle and the SDK).`,
);
const calibration = await chooseArgon2Parameters({ targetMs, memoryCeilingKiB: ceiling, parallelism, runs });
for (const probe of calibration.probes) console.log(`  probe ${describe(probe.params)}: ${probe.ms.toFixed(0)} ms`);

const { chosen, chosenMs } = calibration;
const current = prod.app.argon2;
const lambdaShare = Math.min(1, memoryMb / FULL_VCPU_MB);
console.log('');
if (!calibration.fits) {
  console.log(
    `Nothing fits: even ${describe(chosen)} takes ${chosenMs.toFixed(0)} ms here. Raise --target-ms, or run this on faster hardware.`,
  );
}
console.log(`Chosen: ${describe(chosen)}: ${chosenMs.toFixed(0)} ms per hash here (median of ${runs}).`);
console.log(
  `  On Lambda at ${memoryMb} MB the function has ${lambdaShare.toFixed(2)} vCPU: expect about ${(chosenMs / lambdaShare).toFixed(0)} ms` +
    ` if one Lambda vCPU hashes as fast as one core here (Graviton differs): measure it there.` +
    (lambdaShare < 1
      ? ` For ${targetMs} ms on Lambda, run with --target-ms ${Math.floor(targetMs * lambdaShare)}, or give it ${FULL_VCPU_MB} MB.`
      : ''),
);
console.log(
  `  OWASP minimum (m=47104 t=1, m=19456 t=2, … p=1): ${meetsOwaspMinimum(chosen) ? 'met' : 'NOT met: do not use these parameters'}.` +
    ` Currently configured (prod): ${describe(current)}.`,
);
console.log(
  `  Memory: one hash takes ${(chosen.memoryKiB / 1024).toFixed(0)} MiB of the function's ${memoryMb} MB (one request at a time per` +
    ' instance). The local runtime keeps the schema defaults (shared/config/settings.ts).',
);
console.log('');
console.log('Stage config (infra/stages.ts, in the stage\'s `app`, then its `infra`):');
console.log(`      ${stageConfigLine(chosen)}`);
console.log(`      hashingFunctionMemoryMb: ${memoryMb},`);
