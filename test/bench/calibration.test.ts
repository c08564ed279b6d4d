// test/bench: choosing argon2id parameters for a time budget (bench/calibration.ts), against a hash timer
// whose cost is linear in memory and passes, as argon2's is: memory first, then passes, never over budget.
import { describe, expect, it } from 'vitest';
import {
  chooseArgon2Parameters,
  meetsOwaspMinimum,
  memoryCeilingKiB,
  stageConfigLine,
  type HashTimer,
} from '../../bench/calibration.js';

/** A machine hashing one MiB-pass in `msPerMiBPass` ms. */
const linearTimer =
  (msPerMiBPass: number): HashTimer =>
  async (params) =>
    (params.memoryKiB / 1024) * params.iterations * msPerMiBPass;

describe('Function: chooseArgon2Parameters', () => {
  it('spends the budget on memory first when one pass at the ceiling is too slow', async () => {
    // Prepare: 1 ms per MiB-pass, 768 MiB ceiling, 250 ms budget.

    // Act
    const result = await chooseArgon2Parameters({
      targetMs: 250,
      memoryCeilingKiB: 768 * 1024,
      parallelism: 1,
      runs: 5,
      time: linearTimer(1),
    });

    // Assess
    expect(result.fits).toBe(true);
    expect(result.chosen.iterations).toBe(1);
    expect(result.chosenMs).toBeLessThanOrEqual(250);
    expect(result.chosen.memoryKiB).toBeGreaterThanOrEqual(240 * 1024);
    expect(result.chosen.memoryKiB % 1024).toBe(0);
  });

  it('takes the whole ceiling and then adds passes while they fit', async () => {
    // Act
    const result = await chooseArgon2Parameters({
      targetMs: 2000,
      memoryCeilingKiB: 768 * 1024,
      parallelism: 1,
      runs: 5,
      time: linearTimer(1),
    });

    // Assess: 768 MiB × 2 passes = 1536 ms; a third pass would take 2304 ms.
    expect(result.chosen).toEqual({ memoryKiB: 768 * 1024, iterations: 2, parallelism: 1 });
    expect(result.fits).toBe(true);
  });

  it('says so when even the smallest allowed hash misses the budget', async () => {
    // Act
    const result = await chooseArgon2Parameters({
      targetMs: 5,
      memoryCeilingKiB: 768 * 1024,
      parallelism: 1,
      runs: 3,
      time: linearTimer(1),
    });

    // Assess
    expect(result.fits).toBe(false);
    expect(result.chosen).toEqual({ memoryKiB: 8192, iterations: 1, parallelism: 1 });
  });
});

describe('Function: memoryCeilingKiB', () => {
  it('leaves the headroom to the runtime, in whole MiB within the schema bounds', () => {
    // Assess
    expect(memoryCeilingKiB(1024, 256)).toBe(768 * 1024);
    expect(memoryCeilingKiB(10_240, 256)).toBe(4_194_304);
    expect(memoryCeilingKiB(200, 256)).toBe(8192);
  });
});

describe('Function: meetsOwaspMinimum', () => {
  it('accepts the OWASP configurations and refuses weaker ones', () => {
    // Assess
    expect(meetsOwaspMinimum({ memoryKiB: 19_456, iterations: 2, parallelism: 1 })).toBe(true);
    expect(meetsOwaspMinimum({ memoryKiB: 47_104, iterations: 1, parallelism: 1 })).toBe(true);
    expect(meetsOwaspMinimum({ memoryKiB: 19_456, iterations: 1, parallelism: 1 })).toBe(false);
  });
});

describe('Function: stageConfigLine', () => {
  it('prints the object infra/stages.ts takes, with numeric separators', () => {
    // Assess
    expect(stageConfigLine({ memoryKiB: 262_144, iterations: 1, parallelism: 1 })).toBe(
      'argon2: { memoryKiB: 262_144, iterations: 1, parallelism: 1 },',
    );
  });
});
