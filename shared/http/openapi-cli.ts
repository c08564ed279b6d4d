// shared/http: `npm run openapi` writes shared/http/openapi.json from the zod schemas (default
// settings), then the client's types from it (client-types-cli.ts); `npm run openapi -- --check` exits 1 when
// the checked-in document or those types differ from what it would write.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runClientTypesCli } from './client-types-cli.js';
import { renderOpenApiDocument } from './openapi.js';

/** The checked-in document that functions/openapi serves. */
const OPENAPI_FILE = fileURLToPath(new URL('./openapi.json', import.meta.url));

/**
 * Writes the document to `file`, or with `check` only compares it.
 *
 * @returns the process exit code: 0 when written or up to date, 1 when `check` finds it stale or missing.
 */
const runOpenApiCli = async (options: { check: boolean; file?: string }): Promise<number> => {
  const file = options.file ?? OPENAPI_FILE;
  const expected = renderOpenApiDocument();
  if (!options.check) {
    await writeFile(file, expected, 'utf8');
    process.stdout.write(`Wrote ${file}\n`);
    return 0;
  }
  const actual = await readFile(file, 'utf8').catch(() => undefined);
  if (actual === expected) {
    process.stdout.write(`${file} is up to date\n`);
    return 0;
  }
  process.stderr.write(
    `${file} is ${actual === undefined ? 'missing' : 'out of date'}; run: npm run openapi\n`,
  );
  return 1;
};

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const check = process.argv.slice(2).includes('--check');
  const documentCode = await runOpenApiCli({ check });
  process.exitCode = Math.max(documentCode, await runClientTypesCli({ check }));
}

export { OPENAPI_FILE, runOpenApiCli };
