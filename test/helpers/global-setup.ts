// test/helpers: vitest global setup. Starts the local runtime (infra/local/runtime.ts) once for the whole run, on
// free ports with a fresh data folder and the real function handlers, and hands its endpoints to test files
// through provide/inject (key 'signet'), with the page (shared/page) built into that folder and served at `/`.
// Teardown stops every part and removes the folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalRuntime } from '../../infra/local/runtime.js';
import { buildPage } from '../../shared/page/build.js';

/** What test files get from `inject('signet')`. */
export interface SignetTestContext {
  /** Base URL of the local API. */
  readonly apiUrl: string;
  readonly dynamodbEndpoint: string;
  /** SES endpoint and email outbox (JSON at /store). */
  readonly emailUrl: string;
  /** SNS endpoint and SMS outbox (JSON at /messages). */
  readonly smsUrl: string;
  /** EventBridge endpoint and events outbox (JSON at /events). */
  readonly eventsUrl: string;
  readonly tableName: string;
  readonly dataDir: string;
  /** The environment the handlers run with (SIGNET_*, AWS_REGION, fake credentials). */
  readonly env: Readonly<Record<string, string>>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    signet: SignetTestContext;
  }
}

/**
 * Always the real handlers: a test run exercises what Lambda runs. A handler module that fails to load is
 * reported at start-up and its route answers 500, so the tests of that route fail while the others still run;
 * tests of the HTTP server itself inject fake handlers into a server of their own.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'signet-test-'));
  let runtime;
  try {
    // Every test phone shares the prefix +447400 and the whole run one day: the SMS budgets have tests of
    // their own (test/integration/api/sms-budgets.test.ts, on a runtime with small limits).
    const page = await buildPage({ outDir: join(dataDir, 'page') });
    runtime = await startLocalRuntime({
      dataDir,
      pageDir: page.outDir,
      ports: { api: 0, dynamodb: 0, email: 0, sms: 0, events: 0 },
      settings: { sms: { perPrefixPerHour: 1_000_000, dailyBudget: 10_000_000 } },
    });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const { apiUrl, dynamodbEndpoint, emailUrl, smsUrl, eventsUrl, tableName, env } = runtime;
  project.provide('signet', {
    apiUrl,
    dynamodbEndpoint,
    emailUrl,
    smsUrl,
    eventsUrl,
    tableName,
    dataDir: runtime.dataDir,
    env: { ...env },
  });
  return async () => {
    await runtime.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
