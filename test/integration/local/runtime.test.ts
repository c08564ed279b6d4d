// test/integration/local: the local runtime (infra/local/runtime.ts) with real DynamoDB Local, outboxes and HTTP
// server; handlers are fakes here (one process can host one runtime with the real handlers: the global setup's).
import { readdir, readFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PortInUseError } from '../../../infra/local/errors.js';
import type { HandlerLoader } from '../../../infra/local/http-server.js';
import { findFreePort } from '../../../infra/local/tcp-ports.js';
import { startLocalRuntime, type LocalRuntime } from '../../../infra/local/runtime.js';
import { readEmails, readSms, waitFor } from '../../helpers/local-servers.js';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Process ids of running JVMs whose command line names the folder (DynamoDB Local's -dbPath lies inside it). */
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

/** Whether something accepts TCP connections on the port. */
const isListening = async (url: string): Promise<boolean> =>
  fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
    () => true,
    () => false,
  );

/** A fake handler loader that records the environment each function saw when its module loaded. */
const recordingLoader =
  (seen: Map<string, string | undefined>): HandlerLoader =>
  async (functionName) => {
    seen.set(functionName, process.env.SIGNET_DYNAMODB_ENDPOINT);
    return async (event) => ({
      statusCode: 200,
      body: JSON.stringify({ functionName, routeKey: event.routeKey }),
    });
  };

describe('Function: startLocalRuntime', () => {
  let root: string;
  let dataDir: string;
  let runtime: LocalRuntime;
  const seen = new Map<string, string | undefined>();

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'signet-runtime-'));
    dataDir = join(root, 'data');
    runtime = await startLocalRuntime({
      dataDir,
      ports: { api: 0, dynamodb: 0, email: 0, sms: 0 },
      loadHandler: recordingLoader(seen),
    });
  });

  afterAll(async () => {
    await runtime.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('creates the table from the shared definition, with TTL on expiresAt', async () => {
    // Prepare
    const dynamodb = new DynamoDBClient({
      endpoint: runtime.dynamodbEndpoint,
      region: 'us-east-1',
      credentials,
    });

    // Act
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: runtime.tableName }));
    const ttl = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: runtime.tableName }));
    dynamodb.destroy();

    // Assess
    expect(runtime.tableName).toBe('signet-local');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes).toBeUndefined();
    expect(ttl.TimeToLiveDescription?.AttributeName).toBe('expiresAt');
  });

  it('sets the environment before the handlers load, and serves them on the API', async () => {
    // Act
    const response = await fetch(`${runtime.apiUrl}/v1/registrations`, { method: 'POST', body: '{}' });

    // Assess
    expect(await response.json()).toEqual({ functionName: 'register', routeKey: 'POST /v1/registrations' });
    expect(seen.get('register')).toBe(runtime.dynamodbEndpoint);
    expect(seen.get('not-found')).toBe(runtime.dynamodbEndpoint);
    expect(runtime.env).toMatchObject({
      SIGNET_TABLE_NAME: 'signet-local',
      SIGNET_KEY_MODE: 'local',
      SIGNET_LOCAL_SECRETS_FILE: join(dataDir, 'secrets.json'),
      SIGNET_DYNAMODB_ENDPOINT: runtime.dynamodbEndpoint,
      SIGNET_SES_ENDPOINT: runtime.emailUrl,
      SIGNET_SNS_ENDPOINT: runtime.smsUrl,
      AWS_REGION: 'eu-west-2',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      POWERTOOLS_SERVICE_NAME: 'signet',
    });
    expect(JSON.parse(runtime.env.SIGNET_SETTINGS ?? '{}')).toMatchObject({
      email: { fromAddress: 'no-reply@signet.local' },
      codes: { ttlMinutes: 10 },
    });
    expect(process.env.SIGNET_SNS_ENDPOINT).toBe(runtime.smsUrl);
    expect((await stat(join(dataDir, 'secrets.json'))).mode & 0o777).toBe(0o600);
  });

  it('runs the email outbox and the SMS gateway where the environment points', async () => {
    // Prepare
    const ses = new SESv2Client({
      endpoint: runtime.env.SIGNET_SES_ENDPOINT,
      region: 'eu-west-2',
      credentials,
    });
    const sns = new SNSClient({
      endpoint: runtime.env.SIGNET_SNS_ENDPOINT,
      region: 'eu-west-2',
      credentials,
    });

    // Act
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'no-reply@signet.local',
        Destination: { ToAddresses: ['ada@example.com'] },
        Content: { Simple: { Subject: { Data: 'Your code' }, Body: { Text: { Data: 'Code 654321' } } } },
      }),
    );
    await sns.send(new PublishCommand({ PhoneNumber: '+447700900555', Message: 'Code 654321' }));
    ses.destroy();
    sns.destroy();

    // Assess
    const email = await waitFor(async () =>
      (await readEmails(runtime.emailUrl)).find((item) => item.destination.to.includes('ada@example.com')),
    );
    expect(email.subject).toBe('Your code');
    expect(email.body.text).toContain('654321');
    const sms = await waitFor(async () =>
      (await readSms(runtime.smsUrl)).find((item) => item.phoneNumber === '+447700900555'),
    );
    expect(sms.message).toBe('Code 654321');
  });
});

describe('Function: startLocalRuntime (lifecycle)', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'signet-lifecycle-'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('stops every part, leaves no java process and restores process.env; stopping twice is harmless', async () => {
    // Prepare
    const dataDir = join(root, 'stop');
    const before = process.env.SIGNET_DYNAMODB_ENDPOINT;
    const runtime = await startLocalRuntime({
      dataDir,
      ports: { api: 0, dynamodb: 0, email: 0, sms: 0 },
      loadHandler: recordingLoader(new Map()),
    });
    expect(await javaProcessesUsing(dataDir)).toHaveLength(1);

    // Act
    await runtime.stop();
    await runtime.stop();

    // Assess
    expect(await javaProcessesUsing(dataDir)).toEqual([]);
    for (const url of [runtime.apiUrl, runtime.dynamodbEndpoint, runtime.emailUrl, runtime.smsUrl]) {
      expect(await isListening(url)).toBe(false);
    }
    expect(process.env.SIGNET_DYNAMODB_ENDPOINT).toBe(before);
  });

  it('keeps table data, the SMS outbox and the secrets across a restart', async () => {
    // Prepare
    const dataDir = join(root, 'restart');
    const ports = {
      api: await findFreePort(),
      dynamodb: await findFreePort(),
      email: 0,
      sms: await findFreePort(),
    };
    const first = await startLocalRuntime({ dataDir, ports, loadHandler: recordingLoader(new Map()) });
    const secretsBefore = await readFile(join(dataDir, 'secrets.json'), 'utf8');
    const dynamodb = new DynamoDBClient({
      endpoint: first.dynamodbEndpoint,
      region: 'eu-west-2',
      credentials,
    });
    await dynamodb.send(
      new PutItemCommand({
        TableName: first.tableName,
        Item: { pk: { S: 'ACCOUNT#1' }, sk: { S: 'PROFILE' } },
      }),
    );
    const sns = new SNSClient({ endpoint: first.smsUrl, region: 'eu-west-2', credentials });
    const { MessageId } = await sns.send(
      new PublishCommand({ PhoneNumber: '+447700900556', Message: 'kept' }),
    );
    sns.destroy();
    await first.stop();

    // Act
    const second = await startLocalRuntime({ dataDir, ports, loadHandler: recordingLoader(new Map()) });
    const { Item } = await dynamodb.send(
      new GetItemCommand({
        TableName: second.tableName,
        Key: { pk: { S: 'ACCOUNT#1' }, sk: { S: 'PROFILE' } },
      }),
    );
    const messages = await readSms(second.smsUrl);
    await second.stop();
    dynamodb.destroy();

    // Assess
    expect(second.dynamodbEndpoint).toBe(first.dynamodbEndpoint);
    expect(Item).toEqual({ pk: { S: 'ACCOUNT#1' }, sk: { S: 'PROFILE' } });
    expect(messages.map((message) => message.messageId)).toEqual([MessageId]);
    expect(await readFile(join(dataDir, 'secrets.json'), 'utf8')).toBe(secretsBefore);
    expect(await javaProcessesUsing(dataDir)).toEqual([]);
  });

  it('fails before starting anything when a port is taken, naming the port', async () => {
    // Prepare
    const dataDir = join(root, 'taken');
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const taken = typeof address === 'object' && address !== null ? address.port : 0;

    // Act
    const error = await startLocalRuntime({
      dataDir,
      ports: { api: 0, dynamodb: 0, email: 0, sms: taken },
      loadHandler: recordingLoader(new Map()),
    }).catch((caught: unknown) => caught);
    await new Promise<void>((resolve) => blocker.close(() => resolve()));

    // Assess
    expect(error).toBeInstanceOf(PortInUseError);
    expect((error as Error).message).toBe(`Port ${taken} (sms) is already in use`);
    expect(await javaProcessesUsing(dataDir)).toEqual([]);
  });

  it('refuses invalid settings overrides, naming the setting', async () => {
    // Act
    const error = await startLocalRuntime({
      dataDir: join(root, 'settings'),
      ports: { api: 0, dynamodb: 0, email: 0, sms: 0 },
      settings: { codes: { ttlMinutes: 0 } },
      loadHandler: recordingLoader(new Map()),
    }).catch((caught: unknown) => caught);

    // Assess
    expect((error as Error).message).toContain('codes.ttlMinutes');
    expect(await javaProcessesUsing(join(root, 'settings'))).toEqual([]);
  });
});

describe('Function: global setup (inject)', () => {
  it('provides a running runtime with the real handlers to every test file', async () => {
    // Prepare
    const signet = inject('signet');
    const dynamodb = new DynamoDBClient({
      endpoint: signet.dynamodbEndpoint,
      region: 'eu-west-2',
      credentials,
    });

    // Act
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: signet.tableName }));
    dynamodb.destroy();
    const notFound = await fetch(`${signet.apiUrl}/v1/no-such-route`);
    const emails = await readEmails(signet.emailUrl);
    const texts = await readSms(signet.smsUrl);

    // Assess
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(notFound.status).toBe(404);
    expect(Array.isArray(emails)).toBe(true);
    expect(Array.isArray(texts)).toBe(true);
    expect(signet.env.SIGNET_TABLE_NAME).toBe(signet.tableName);
    expect((await stat(join(signet.dataDir, 'secrets.json'))).mode & 0o777).toBe(0o600);
  });
});
