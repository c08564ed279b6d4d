// bench: reads a V8 CPU profile (`node --cpu-prof`) of the API process and names where its main thread spent
// its time inside given windows (the registration and confirm loads): self time per function, top first.
// argon2 runs on libuv's worker threads, which V8 does not sample, so everything here is work outside argon2.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
    readonly columnNumber: number;
  };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** A span of the profile's clock (µs) and how many requests completed in it. */
export interface ProfileWindow {
  readonly label: string;
  readonly startMicros: number;
  readonly endMicros: number;
  readonly requests: number;
}

export interface FunctionCost {
  /** `name (file:line)`, file relative to the repository or as `<package>/…`. */
  readonly function: string;
  /** Where it runs: Signet code, a dependency, Node.js itself, or the local stand-ins only. */
  readonly origin: string;
  /** Self time per request in each window, µs. */
  readonly microsPerRequest: Readonly<Record<string, number>>;
  /** Share of the main thread's busy time over all windows. */
  readonly shareOfBusy: number;
}

export interface ProfileSummary {
  readonly windows: readonly ProfileWindow[];
  /** Main-thread time in the ranked windows, ms (idle, GC and program likewise). */
  readonly totalMs: number;
  /** Of which idle (waiting for I/O or the thread pool), ms. */
  readonly idleMs: number;
  /** Of which garbage collection and native work outside JS functions ((garbage collector), (program)), ms. */
  readonly gcMs: number;
  readonly programMs: number;
  /** Busy main-thread time per request in each window, µs. */
  readonly busyMicrosPerRequest: Readonly<Record<string, number>>;
  /** JS functions by self time over all windows, largest first. */
  readonly top: readonly FunctionCost[];
  /** Self time by origin over all windows, ms. */
  readonly byOrigin: Readonly<Record<string, number>>;
}

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A script URL as a short path: repository-relative, `<package>/file` under node_modules, `node:…` kept. */
const shortLocation = (url: string): string => {
  if (url === '') return '(native)';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const marker = path.lastIndexOf('node_modules/');
  if (marker !== -1) return path.slice(marker + 'node_modules/'.length);
  return path.startsWith(PROJECT_ROOT) ? path.slice(PROJECT_ROOT.length) : path;
};

/** Packages and folders that exist only in the local runtime (Lambda has API Gateway, SES and SNS instead). */
const LOCAL_ONLY = /^(infra\/local\/|aws-ses-v2-local\/|express\/|body-parser\/|router\/|send\/|serve-static\/|raw-body\/|iconv-lite\/|finalhandler\/|mime|on-finished\/|type-is\/|qs\/)/;

/** V8's entries that are not JS functions: waiting, garbage collection, native work. */
const PSEUDO_FRAMES = new Set(['(idle)', '(garbage collector)', '(program)', '(root)']);

const originOf = (location: string): string => {
  if (location === '(native)') return 'native';
  if (location.startsWith('node:')) return 'node.js';
  if (LOCAL_ONLY.test(location)) return 'local stand-ins only';
  if (/^(shared|functions|infra)\//.test(location)) return 'signet';
  const scoped = location.startsWith('@') ? location.split('/').slice(0, 2).join('/') : location.split('/')[0];
  return scoped ?? location;
};

export interface SummaryOptions {
  /** Window labels whose time ranks the functions (default: every window). */
  readonly rank?: readonly string[];
  /** How many functions `top` keeps (default 10). */
  readonly limit?: number;
}

/**
 * Summarizes the profile inside the windows: busy time per request for each window, and the `limit` costliest
 * JS functions by self time over the ranked windows (their cost per request shown for every window).
 */
const summarizeProfile = async (
  profilePath: string,
  windows: readonly ProfileWindow[],
  options: SummaryOptions = {},
): Promise<ProfileSummary> => {
  const limit = options.limit ?? 10;
  const ranked = new Set(options.rank ?? windows.map((w) => w.label));
  const profile = JSON.parse(await readFile(profilePath, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfByWindow = new Map<string, Map<string, number>>();
  const totals = new Map<string, number>();
  const byOrigin: Record<string, number> = {};
  const windowTotals = new Map<string, { idle: number; all: number }>();
  let totalMicros = 0;
  let idle = 0;
  let gc = 0;
  let program = 0;
  const origins = new Map<string, string>();

  // Sample i is taken at startTime + Σ timeDeltas[0..i] and stands for the time until the next sample.
  let at = profile.startTime;
  const times = profile.timeDeltas.map((delta) => (at += delta));
  for (let i = 0; i < profile.samples.length; i += 1) {
    const time = times[i] ?? 0;
    const weight = (times[i + 1] ?? profile.endTime) - time;
    const window = windows.find((w) => time >= w.startMicros && time < w.endMicros);
    const node = nodes.get(profile.samples[i] ?? -1);
    if (window === undefined || node === undefined || weight <= 0) continue;
    const name = node.callFrame.functionName;
    const windowTotal = windowTotals.get(window.label) ?? { idle: 0, all: 0 };
    windowTotal.all += weight;
    if (name === '(idle)') windowTotal.idle += weight;
    windowTotals.set(window.label, windowTotal);
    const isRanked = ranked.has(window.label);
    if (isRanked) totalMicros += weight;
    if (PSEUDO_FRAMES.has(name)) {
      if (isRanked && name === '(idle)') idle += weight;
      if (isRanked && name === '(garbage collector)') gc += weight;
      if (isRanked && (name === '(program)' || name === '(root)')) program += weight;
      continue;
    }
    const location = shortLocation(node.callFrame.url);
    const key = `${name === '' ? '(anonymous)' : name} (${location}${location === '(native)' ? '' : `:${node.callFrame.lineNumber + 1}`})`;
    const perWindow = selfByWindow.get(window.label) ?? new Map<string, number>();
    perWindow.set(key, (perWindow.get(key) ?? 0) + weight);
    selfByWindow.set(window.label, perWindow);
    if (!isRanked) continue;
    const origin = originOf(location);
    origins.set(key, origin);
    byOrigin[origin] = (byOrigin[origin] ?? 0) + weight / 1000;
    totals.set(key, (totals.get(key) ?? 0) + weight);
  }

  const busy = totalMicros - idle;
  const perRequest = (label: string, micros: number): number => {
    const requests = windows.filter((w) => w.label === label).reduce((sum, w) => sum + w.requests, 0);
    return requests === 0 ? 0 : micros / requests;
  };
  const labels = [...new Set(windows.map((w) => w.label))];
  const top = [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([key, micros]) => ({
      function: key,
      origin: origins.get(key) ?? '?',
      microsPerRequest: Object.fromEntries(
        labels.map((label) => [label, perRequest(label, selfByWindow.get(label)?.get(key) ?? 0)]),
      ),
      shareOfBusy: busy === 0 ? 0 : micros / busy,
    }));
  return {
    windows,
    totalMs: totalMicros / 1000,
    idleMs: idle / 1000,
    gcMs: gc / 1000,
    programMs: program / 1000,
    busyMicrosPerRequest: Object.fromEntries(
      labels.map((label) => {
        const total = windowTotals.get(label) ?? { idle: 0, all: 0 };
        return [label, perRequest(label, total.all - total.idle)];
      }),
    ),
    top,
    byOrigin: Object.fromEntries(Object.entries(byOrigin).sort((a, b) => b[1] - a[1])),
  };
};

export { summarizeProfile };
