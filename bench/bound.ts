// bench: the bound on registration throughput: argon2id hashes per second with the configured
// parameters, through the same adapter the register function uses, with as many hashes at once as the
// libuv thread pool runs (argon2's native work is queued on that pool).
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createArgon2PasswordHasher } from '../shared/adapters/crypto/argon2-password-hasher.js';
import type { AppSettings } from '../shared/config/settings.js';
import { median, ratePerSecond, runLoad } from './stats.js';

/** libuv's thread pool size: UV_THREADPOOL_SIZE when set (libuv caps it at 1024), else libuv's default 4. */
const threadPoolSize = (env: NodeJS.ProcessEnv = process.env): number => {
  const configured = Number.parseInt(env['UV_THREADPOOL_SIZE'] ?? '', 10);
  return Number.isInteger(configured) && configured > 0 ? Math.min(configured, 1024) : 4;
};

export interface BoundResult {
  readonly argon2: AppSettings['argon2'];
  readonly concurrency: number;
  readonly cpus: number;
  readonly hashes: number;
  readonly hashesPerSecond: number;
  /** One hash alone, median: what a Lambda invocation pays per registration on a full core. */
  readonly singleHashMs: number;
  /** CPU time (user + system, all threads) per hash in the timed load, ms. */
  readonly cpuMsPerHash: number;
}

export interface BoundOptions {
  readonly argon2: AppSettings['argon2'];
  readonly concurrency: number;
  readonly durationMs: number;
  /** Sequential hashes timed for singleHashMs. */
  readonly singleRuns: number;
}

/** A password as long as a real one; its content does not change argon2's cost. */
const PASSWORD = 'plum orbit lantern canvas 7f3a';

/**
 * Measures argon2id throughput at `concurrency` hashes in flight, after a warm-up round, and the time
 * of one hash alone.
 */
const measureBound = async (options: BoundOptions): Promise<BoundResult> => {
  const hasher = createArgon2PasswordHasher(options.argon2);
  await Promise.all(Array.from({ length: options.concurrency }, () => hasher.hash(PASSWORD)));
  const single: number[] = [];
  for (let run = 0; run < options.singleRuns; run += 1) {
    const began = performance.now();
    await hasher.hash(PASSWORD);
    single.push(performance.now() - began);
  }
  const cpuBefore = process.cpuUsage();
  const load = await runLoad({ concurrency: options.concurrency, durationMs: options.durationMs }, async () => {
    await hasher.hash(PASSWORD);
  });
  const cpu = process.cpuUsage(cpuBefore);
  return {
    argon2: options.argon2,
    concurrency: options.concurrency,
    cpus: availableParallelism(),
    hashes: load.completed,
    hashesPerSecond: ratePerSecond(load),
    singleHashMs: median(single),
    cpuMsPerHash: (cpu.user + cpu.system) / 1000 / Math.max(1, load.completed),
  };
};

export { measureBound, threadPoolSize };
