// test/unit/observability: the bundles' stack traces name TypeScript files and lines without
// --enable-source-maps (shared/observability/mapped-stacks.ts, injected first into each bundle).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const INJECTED = fileURLToPath(new URL('../../../shared/observability/mapped-stacks.ts', import.meta.url));

/** Imports the bundle as the Lambda runtime does at init, and prints the stack of what it threw. */
const RUNNER = `
try { await import(process.env.BUNDLE); } catch (error) { process.stdout.write(String(error.stack)); }
`;

describe('Module: shared/observability/mapped-stacks.ts', () => {
  let dir: string;
  let bundle: string;

  beforeAll(async () => {
    // Prepare: a function whose init fails two modules deep, bundled as the stack bundles (minified ESM, map beside it).
    dir = await mkdtemp(path.join(tmpdir(), 'signet-mapped-stacks-'));
    await writeFile(
      path.join(dir, 'settings.ts'),
      [
        '// settings',
        'export const readSettings = (): never => {',
        "  throw new Error('SIGNET_SETTINGS is required');",
        '};',
        '',
      ].join('\n'),
    );
    await writeFile(
      path.join(dir, 'handler.ts'),
      "import { readSettings } from './settings.js';\nexport const handler = readSettings();\n",
    );
    bundle = path.join(dir, 'out', 'index.mjs');
    await build({
      entryPoints: [path.join(dir, 'handler.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      minify: true,
      sourcemap: true,
      sourcesContent: false,
      inject: [INJECTED],
      outfile: bundle,
      logLevel: 'error',
    });
  }, 60_000);

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('names the source file and line of a failed init when source maps are off', async () => {
    // Act
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', RUNNER], {
      env: { PATH: process.env['PATH'] ?? '', BUNDLE: bundle },
    });

    // Assess: the first frame is settings.ts line 3, where the error is thrown; the message is kept.
    const [head, first] = stdout.split('\n');
    expect(head).toBe('Error: SIGNET_SETTINGS is required');
    expect(first).toMatch(/^ {4}at \S+ \(\.\.\/settings\.ts:3:\d+\)$/);
  });

  it('leaves the formatting to Node.js when source maps are on', async () => {
    // Act
    const { stdout } = await run(
      process.execPath,
      ['--enable-source-maps', '--input-type=module', '-e', RUNNER],
      {
        env: { PATH: process.env['PATH'] ?? '', BUNDLE: bundle },
      },
    );

    // Assess: Node.js maps the frame itself, to the absolute path and the original function name.
    expect(stdout.split('\n')[1]).toBe(`    at readSettings (${path.join(dir, 'settings.ts')}:3:9)`);
  });
});
