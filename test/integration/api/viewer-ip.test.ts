// test/integration/api: a direct caller cannot pick the address its budgets count. The local runtime has no
// origin-verify secret (as an API without the page's distribution in front), so x-signet-viewer-ip and
// x-signet-origin-verify from the caller change nothing: registration.perClientPerHour still counts the
// caller's own address, whatever viewer addresses it claims, one after another or in parallel.
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../../infra/local/runtime.js';
import { ORIGIN_VERIFY_HEADER, VIEWER_IP_HEADER } from '../../../shared/http/caller-ip.js';
import { strongPassword, uniqueEmail, uniqueName } from '../../helpers/api.js';

/** Registrations one client address may start per hour in this file's runtime. */
const PER_CLIENT_PER_HOUR = 2;

interface Answer {
  readonly status: number;
  readonly error?: string;
}

let runtime: LocalRuntime;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'signet-viewer-ip-'));
  runtime = await startLocalRuntime({
    dataDir,
    ports: { api: 0, dynamodb: 0, email: 0, sms: 0 },
    onWarning: () => undefined,
    settings: {
      argon2: { memoryKiB: 8192, iterations: 1 },
      registration: { perClientPerHour: PER_CLIENT_PER_HOUR },
    },
  });
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** One registration from the loopback address `from`, with the given extra headers. */
const registerFrom = (from: string, headers: Record<string, string>): Promise<Answer> => {
  const url = new URL('/v1/registrations', runtime.apiUrl);
  const payload = JSON.stringify({
    accountName: uniqueName('viewer'),
    password: strongPassword(),
    email: uniqueEmail(),
    channel: 'email',
  });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress: from,
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ...(text === '' ? {} : { error: (JSON.parse(text) as { error?: string }).error }),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
};

const forged = (viewerIp: string): Record<string, string> => ({
  [VIEWER_IP_HEADER]: viewerIp,
  [ORIGIN_VERIFY_HEADER]: 'guessed-origin-verify-value-0123456789abcdefghijklmnop',
});

describe('Caller address without a distribution in front', () => {
  it('counts forged viewer addresses, one after another, against the caller’s own budget', async () => {
    // Act
    const answers: Answer[] = [];
    for (let i = 1; i <= PER_CLIENT_PER_HOUR + 2; i += 1) {
      answers.push(await registerFrom('127.0.30.1', forged(`203.0.113.${String(i)}`)));
    }

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([202, 202, 429, 429]);
    expect(answers.at(-1)?.error).toBe('rate_limited');
  });

  it('counts parallel requests with forged addresses, and leaves a bystander’s budget whole', async () => {
    // Act
    const answers = await Promise.all(
      Array.from({ length: PER_CLIENT_PER_HOUR + 3 }, (_, i) =>
        registerFrom('127.0.30.2', forged(`198.51.100.${String(i + 1)}`)),
      ),
    );
    const owner = await registerFrom('127.0.30.3', {});

    // Assess: the attacker's budget runs out; 127.0.30.3, whom nobody can impersonate, is untouched.
    expect(answers.filter((answer) => answer.status === 202)).toHaveLength(PER_CLIENT_PER_HOUR);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(3);
    expect(owner.status).toBe(202);
  });

  it('does not let a forged claim of another caller’s address spend that caller’s budget', async () => {
    // Act
    const attacker = [];
    for (let i = 0; i < PER_CLIENT_PER_HOUR + 1; i += 1) {
      attacker.push(await registerFrom('127.0.30.4', forged('127.0.30.5')));
    }
    const victim = await registerFrom('127.0.30.5', {});

    // Assess
    expect(attacker.map((answer) => answer.status)).toEqual([202, 202, 429]);
    expect(victim.status).toBe(202);
  });
});
