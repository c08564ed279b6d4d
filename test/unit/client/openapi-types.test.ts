// test/unit/client: shared/client/openapi-types.ts is what openapi-typescript makes of the checked-in
// shared/http/openapi.json, so the client's types cannot go stale (test/unit/http/openapi.test.ts keeps the
// document itself in step with the schemas).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CLIENT_TYPES_FILE,
  renderClientTypes,
  runClientTypesCli,
} from '../../../shared/http/client-types-cli.js';
import { OPENAPI_FILE } from '../../../shared/http/openapi-cli.js';

describe('Function: renderClientTypes', () => {
  it('is the checked-in shared/client/openapi-types.ts', async () => {
    // Act
    const expected = await renderClientTypes(await readFile(OPENAPI_FILE, 'utf8'));

    // Assess
    expect(await readFile(CLIENT_TYPES_FILE, 'utf8')).toBe(expected);
  });

  it('changes with the document', async () => {
    // Prepare
    const document = JSON.parse(await readFile(OPENAPI_FILE, 'utf8')) as {
      components: { schemas: Record<string, unknown> };
    };
    document.components.schemas.Extra = { type: 'object', properties: { x: { type: 'string' } } };

    // Act
    const types = await renderClientTypes(JSON.stringify(document));

    // Assess
    expect(types).toContain('Extra: {');
    expect(types).not.toBe(await readFile(CLIENT_TYPES_FILE, 'utf8'));
  });
});

describe('Function: runClientTypesCli', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'signet-client-types-'));
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(folder, { recursive: true, force: true });
  });

  it('with --check fails on a stale or missing file and passes once written', async () => {
    // Prepare
    const file = join(folder, 'openapi-types.ts');
    await writeFile(file, '// stale\n', 'utf8');

    // Act
    const stale = await runClientTypesCli({ check: true, file });
    const missing = await runClientTypesCli({ check: true, file: join(folder, 'missing.ts') });
    const written = await runClientTypesCli({ check: false, file });
    const fresh = await runClientTypesCli({ check: true, file });

    // Assess
    expect([stale, missing, written, fresh]).toEqual([1, 1, 0, 0]);
    expect(await readFile(file, 'utf8')).toBe(await readFile(CLIENT_TYPES_FILE, 'utf8'));
  });
});
