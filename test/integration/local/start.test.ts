// test/integration/local: `npm start` (infra/local/start.ts) as a user runs it: through tsx, configured by the
// environment, stopped by a signal.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../../infra/local/tcp-ports.js';
import { waitFor } from '../../helpers/local-servers.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const tsxCli = join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/cli.mjs');

interface Started {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

/** Runs infra/local/start.ts through tsx (as `npm start` does) with extra environment variables. */
const runStart = (env: Record<string, string>): Started => {
  const child = spawn(process.execPath, [tsxCli, 'infra/local/start.ts'], {
    cwd: repositoryRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  return { child, output: () => output, exited };
};

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

describe('Module: infra/local/start.ts (npm start)', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'signet-start-'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('prints the page first, every endpoint and "ready", then stops DynamoDB Local on SIGTERM', async () => {
    // Prepare
    const dataDir = join(root, 'data');
    const ports = {
      SIGNET_PORT: String(await findFreePort()),
      SIGNET_DYNAMODB_PORT: String(await findFreePort()),
      SIGNET_EMAIL_PORT: String(await findFreePort()),
      SIGNET_SMS_PORT: String(await findFreePort()),
      SIGNET_EVENTS_PORT: String(await findFreePort()),
    };
    const started = runStart({ ...ports, SIGNET_DATA_DIR: dataDir });
    await waitFor(() => /is ready/.test(started.output()) || started.child.exitCode !== null, 90_000, 200);
    const output = started.output();
    expect(await javaProcessesUsing(dataDir)).toHaveLength(1);
    const page = await fetch(`http://127.0.0.1:${ports.SIGNET_PORT}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<script type="module" src="/app.js"></script>');

    // Act
    started.child.kill('SIGTERM');
    const code = await started.exited;

    // Assess
    const urls = output.split('\n').filter((line) => /https?:\/\//.test(line) && !line.startsWith('Starting'));
    expect(urls[0]).toMatch(new RegExp(`^  Page +http://127\\.0\\.0\\.1:${ports.SIGNET_PORT}/ `));
    expect(output).toContain(`http://127.0.0.1:${ports.SIGNET_PORT}`);
    expect(output).toContain(`http://127.0.0.1:${ports.SIGNET_EMAIL_PORT}`);
    expect(output).toContain(`http://127.0.0.1:${ports.SIGNET_SMS_PORT}`);
    expect(output).toContain(`http://127.0.0.1:${ports.SIGNET_EVENTS_PORT}/events`);
    expect(output).toContain(`http://127.0.0.1:${ports.SIGNET_DYNAMODB_PORT}`);
    expect(output).toContain('signet-local');
    expect(output).toContain(dataDir);
    const secrets = JSON.parse(await readFile(join(dataDir, 'secrets.json'), 'utf8')) as Record<
      string,
      string
    >;
    expect(output).not.toContain(secrets.masterKey);
    expect(output).not.toContain(secrets.rootSecret);
    expect(code).toBe(0);
    await waitFor(async () => (await javaProcessesUsing(dataDir)).length === 0, 10_000);
  });

  it('refuses a taken port before starting anything, naming its variable', async () => {
    // Prepare
    const dataDir = join(root, 'taken');
    const blocker: Server = createServer();
    await new Promise<void>((resolveListen) => blocker.listen(0, resolveListen));
    const address = blocker.address();
    const taken = typeof address === 'object' && address !== null ? address.port : 0;

    // Act
    const started = runStart({
      SIGNET_PORT: '0',
      SIGNET_DYNAMODB_PORT: String(taken),
      SIGNET_EMAIL_PORT: '0',
      SIGNET_SMS_PORT: '0',
      SIGNET_EVENTS_PORT: '0',
      SIGNET_DATA_DIR: dataDir,
    });
    const code = await started.exited;
    await new Promise<void>((resolveClose) => blocker.close(() => resolveClose()));

    // Assess
    expect(code).not.toBe(0);
    expect(started.output()).toContain(`Port ${taken} (SIGNET_DYNAMODB_PORT) is already in use`);
    expect(await javaProcessesUsing(dataDir)).toEqual([]);
  });

  it('applies the overrides of SIGNET_SETTINGS_FILE to the functions', async () => {
    // Prepare: a stricter password rule than the default, and an AU phone allowed.
    const dataDir = join(root, 'settings');
    const file = join(root, 'local-settings.json');
    await writeFile(file, JSON.stringify({ password: { minLength: 40 }, sms: { allowedCountries: ['GB', 'AU'] } }));
    const port = await findFreePort();
    const started = runStart({
      SIGNET_PORT: String(port),
      SIGNET_DYNAMODB_PORT: String(await findFreePort()),
      SIGNET_EMAIL_PORT: String(await findFreePort()),
      SIGNET_SMS_PORT: String(await findFreePort()),
      SIGNET_EVENTS_PORT: String(await findFreePort()),
      SIGNET_DATA_DIR: dataDir,
      SIGNET_SETTINGS_FILE: file,
    });
    await waitFor(() => /is ready/.test(started.output()) || started.child.exitCode !== null, 90_000, 200);
    const register = (password: string) =>
      fetch(`http://127.0.0.1:${port}/v1/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          accountName: `settings-${String(port)}-${String(password.length)}`,
          password,
          email: `settings.${String(port)}.${String(password.length)}@example.com`,
          phone: '+61491570156',
          channel: 'email',
        }),
      });

    // Act
    const short = await register('plum orbit lantern canvas quartz');
    const long = await register('plum orbit lantern canvas quartz harbour violin amber');
    started.child.kill('SIGTERM');
    const code = await started.exited;

    // Assess
    expect(short.status).toBe(400);
    expect(((await short.json()) as { error: string }).error).toBe('weak_password');
    expect(long.status).toBe(202);
    expect(code).toBe(0);
    await waitFor(async () => (await javaProcessesUsing(dataDir)).length === 0, 10_000);
  });

  it.each([
    ['an unknown key', { sms: { perPrefixPerDay: 5 } }, 'SIGNET_SETTINGS_FILE.sms: Unrecognized key: "perPrefixPerDay"'],
    ['an invalid value', { sms: { dailyBudget: 0 } }, 'SIGNET_SETTINGS_FILE.sms.dailyBudget'],
    ['a file that is not JSON', '{ "sms": ', 'is not valid JSON'],
  ])('refuses %s in SIGNET_SETTINGS_FILE before starting anything, naming it', async (_case, content, named) => {
    // Prepare
    const dataDir = join(root, `bad-settings-${String(content).length}-${_case.length}`);
    const file = join(root, `bad-${_case.length}.json`);
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));

    // Act
    const started = runStart({ SIGNET_PORT: '0', SIGNET_DATA_DIR: dataDir, SIGNET_SETTINGS_FILE: file });
    const code = await started.exited;

    // Assess
    expect(code).not.toBe(0);
    expect(started.output()).toContain(named);
    expect(started.output()).not.toContain('is ready');
    expect(await javaProcessesUsing(dataDir)).toEqual([]);
  });

  it('refuses an invalid port value, naming its variable', async () => {
    // Act
    const started = runStart({ SIGNET_EMAIL_PORT: '80a', SIGNET_DATA_DIR: join(root, 'invalid') });
    const code = await started.exited;

    // Assess
    expect(code).not.toBe(0);
    expect(started.output()).toContain('SIGNET_EMAIL_PORT');
  });
});
