// bench: small statistics and a closed-loop load driver shared by the benchmark's measurements.
import { performance } from 'node:perf_hooks';

/** Value at quantile q (0..1) of the values, nearest rank; NaN when there are none. */
const quantile = (values: readonly number[], q: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
};

const median = (values: readonly number[]): number => quantile(values, 0.5);

export interface Latencies {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

const summarize = (samples: readonly number[]): Latencies => ({
  count: samples.length,
  p50Ms: quantile(samples, 0.5),
  p99Ms: quantile(samples, 0.99),
});

export interface LoadResult {
  /** Operations that completed without throwing. */
  readonly completed: number;
  /** From the first start to the last completion. */
  readonly elapsedMs: number;
  /** Latency of each completed operation, in ms. */
  readonly latenciesMs: readonly number[];
}

export interface LoadOptions {
  /** Clients running at once, each starting its next operation when the last one ends. */
  readonly concurrency: number;
  /** Stop after this many operations in all, or … */
  readonly total?: number;
  /** … stop starting new ones after this long (whichever comes first). */
  readonly durationMs?: number;
}

/**
 * Runs `operation` from `concurrency` closed-loop clients. Operation `i` (0-based, across clients) is
 * passed its index. A failing operation stops the run and rejects: a benchmark of errors measures nothing.
 */
const runLoad = async (options: LoadOptions, operation: (index: number) => Promise<void>): Promise<LoadResult> => {
  const { concurrency, total = Number.POSITIVE_INFINITY, durationMs = Number.POSITIVE_INFINITY } = options;
  if (!Number.isFinite(total) && !Number.isFinite(durationMs)) {
    throw new Error('runLoad needs a total or a duration');
  }
  const latencies: number[] = [];
  let next = 0;
  let failed = false;
  const start = performance.now();
  const deadline = start + durationMs;
  const client = async (): Promise<void> => {
    while (!failed && next < total && performance.now() < deadline) {
      const index = next;
      next += 1;
      const began = performance.now();
      try {
        await operation(index);
      } catch (error) {
        failed = true;
        throw error;
      }
      latencies.push(performance.now() - began);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return { completed: latencies.length, elapsedMs: performance.now() - start, latenciesMs: latencies };
};

/** Operations per second of a load result. */
const ratePerSecond = (result: LoadResult): number => (result.completed / result.elapsedMs) * 1000;

export { median, quantile, ratePerSecond, runLoad, summarize };
