// shared/observability: readable stack traces in the Lambda bundles without `--enable-source-maps`, which
// reads and parses the bundle's source map at every cold start (about 25 ms). Injected first into each
// bundle (infra/constructs/route-function.ts): a stack that is formatted (a failed init the runtime
// reports, an unexpected error) loads the map then, once, and names the TypeScript files and lines.
import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapping } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The bundle this module was bundled into: its frames are the ones to map. */
const bundleUrl = import.meta.url;

let loaded: SourceMap | null | undefined;

/** The bundle's source map (index.mjs.map beside it), read on the first stack formatted; null if absent. */
const sourceMap = (): SourceMap | null => {
  if (loaded === undefined) {
    try {
      loaded = new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(bundleUrl)}.map`, 'utf8')) as never);
    } catch {
      loaded = null;
    }
  }
  return loaded;
};

/** One frame: a frame of the bundle at its source position, any other as V8 writes it. */
const frameOf = (site: NodeJS.CallSite): string => {
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  const map = site.getFileName() === bundleUrl && line !== null && column !== null ? sourceMap() : null;
  const found = map === null || line === null || column === null ? {} : map.findEntry(line - 1, column - 1);
  if (!('originalSource' in found)) return site.toString();
  const entry = found as SourceMapping;
  const name = site.getFunctionName() ?? '<anonymous>';
  const where = `${entry.originalSource}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  return `${site.isAsync() ? 'async ' : ''}${name} (${where})`;
};

/** The first line V8 would write (`Name: message`), or the value's type when it is not an Error. */
const headOf = (error: unknown): string => {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return typeof error;
  }
};

/** Error.prepareStackTrace as installed here: every frame of the bundle at its source position. */
const signetMappedStackTrace = (error: Error, sites: NodeJS.CallSite[]): string =>
  [headOf(error), ...sites.map((site) => `    at ${frameOf(site)}`)].join('\n');

/**
 * Formats stacks with source positions; leaves Node's own formatting alone when source maps are on
 * (`--enable-source-maps`, as in tests and local runs).
 */
const installMappedStacks = (): void => {
  if (process.sourceMapsEnabled) return;
  Error.prepareStackTrace = signetMappedStackTrace;
};

installMappedStacks();

export { installMappedStacks };
