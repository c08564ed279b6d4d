// test/integration/local: DynamoDB Local as a child process (infra/local/dynamodb-local.ts): it never outlives the
// process that started it, however that process ends.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../helpers/local-servers.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Process ids of running JVMs whose command line names the folder. */
const javaProcessesUsing = async (folder: string): Promise<number[]> => {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const args = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0');
      if (args.some((arg) => /(^|\/)java$/.test(arg)) && args.some((arg) => arg.startsWith(folder))) {
        pids.push(Number(entry));
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
};

describe('Function: startDynamoDbLocal', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'signet-ddb-'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('stops the JVM when the process that started it is killed outright (SIGKILL, no exit hooks)', async () => {
    // Prepare
    const dbPath = join(root, 'killed');
    const moduleUrl = pathToFileURL(join(repositoryRoot, 'infra/local/dynamodb-local.ts')).href;
    const portsUrl = pathToFileURL(join(repositoryRoot, 'infra/local/tcp-ports.ts')).href;
    const script = [
      `import { startDynamoDbLocal } from ${JSON.stringify(moduleUrl)};`,
      `import { findFreePort } from ${JSON.stringify(portsUrl)};`,
      `await startDynamoDbLocal({ port: await findFreePort(), dbPath: ${JSON.stringify(dbPath)} });`,
      `console.log('started');`,
      'setInterval(() => undefined, 1000);',
    ].join('\n');
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    parent.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    parent.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output.includes('started') || parent.exitCode !== null, 90_000, 200);
    expect(output).toContain('started');
    expect(await javaProcessesUsing(dbPath)).toHaveLength(1);

    // Act
    parent.kill('SIGKILL');

    // Assess
    await waitFor(async () => (await javaProcessesUsing(dbPath)).length === 0, 15_000, 200);
    expect(await javaProcessesUsing(dbPath)).toEqual([]);
  });
});
