// bench: what a bundle is made of. Reads the bundle's source map (esbuild writes one beside it) and gives each
// span of generated code to the source it came from, then sums by npm package (or by Signet folder): the
// answer to "what holds this bundle over its budget".
import { readFile } from 'node:fs/promises';

export interface PackageShare {
  /** npm package name, `signet:<folder>` for our own code, or `(unmapped)` for esbuild's glue. */
  readonly source: string;
  readonly kb: number;
  /** Share of the bundle file, 0..1. */
  readonly share: number;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUES = new Map([...BASE64].map((char, index) => [char, index]));

/** Decodes one source-map segment (base64 VLQ fields). */
const decodeSegment = (segment: string): number[] => {
  const fields: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64_VALUES.get(char);
    if (digit === undefined) throw new Error(`Invalid source map mapping character ${JSON.stringify(char)}`);
    value += (digit & 31) << shift;
    if ((digit & 32) !== 0) {
      shift += 5;
    } else {
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return fields;
};

/** The package a source path belongs to: the last node_modules/<name> (scoped or not), else our folder. */
const packageOf = (source: string): string => {
  const normalized = source.replaceAll('\\', '/');
  const marker = normalized.lastIndexOf('node_modules/');
  if (marker !== -1) {
    const parts = normalized.slice(marker + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') === true ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? source);
  }
  const own = /(?:^|\/)((?:shared|functions|infra)\/[^/]+)/.exec(normalized);
  return own?.[1] === undefined ? source : `signet:${own[1].replace(/\.[cm]?[jt]s$/, '')}`;
};

/**
 * Generated code units per package, from the bundle text and its source map (v3, one section). Spans
 * without a source go to `(unmapped)`; shares are of the whole file.
 */
const bundleComposition = async (bundlePath: string, mapPath: string): Promise<PackageShare[]> => {
  const [code, mapText] = await Promise.all([readFile(bundlePath, 'utf8'), readFile(mapPath, 'utf8')]);
  const map = JSON.parse(mapText) as { sources: string[]; mappings: string };
  const lines = code.split('\n');
  const totals = new Map<string, number>();
  const add = (source: string, units: number): void => {
    if (units > 0) totals.set(source, (totals.get(source) ?? 0) + units);
  };
  let sourceIndex = 0;
  map.mappings.split(';').forEach((lineMappings, lineNumber) => {
    const lineLength = (lines[lineNumber]?.length ?? 0) + 1;
    let column = 0;
    let current: string | undefined;
    let start = 0;
    for (const segment of lineMappings === '' ? [] : lineMappings.split(',')) {
      const fields = decodeSegment(segment);
      column += fields[0] ?? 0;
      add(current ?? '(unmapped)', column - start);
      if (fields.length >= 4) {
        sourceIndex += fields[1] ?? 0;
        current = packageOf(map.sources[sourceIndex] ?? '(unmapped)');
      } else {
        current = undefined;
      }
      start = column;
    }
    add(current ?? '(unmapped)', lineLength - start);
  });
  const totalUnits = [...totals.values()].reduce((sum, units) => sum + units, 0);
  const fileKb = Buffer.byteLength(code) / 1024;
  return [...totals.entries()]
    .map(([source, units]) => ({ source, share: units / totalUnits, kb: (units / totalUnits) * fileKb }))
    .sort((a, b) => b.kb - a.kb);
};

export { bundleComposition, packageOf };
