// test/unit/adapters/secrets: the stage root secret from Secrets Manager (mocked client).
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SecretsSourceError } from '../../../../shared/adapters/secrets/errors.js';
import { loadRootSecret } from '../../../../shared/adapters/secrets/secrets-manager-root-secret.js';

const secretArn = 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:signet-root-AbCdEf';
const rootSecret = 'Q2x1ZXMgYXJlIG5vdCBrZXlzIGJ1dCB0aGlzIGlzIGEgNjQgY2hhcmFjdGVyIHM';
const secretsManager = mockClient(SecretsManagerClient);

const rejection = async (promise: Promise<unknown>): Promise<Error> =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as Error,
  );

afterEach(() => {
  secretsManager.reset();
});

describe('Function: loadRootSecret', () => {
  it('reads the rootSecret field with one GetSecretValue call for the secret ARN', async () => {
    // Prepare
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ rootSecret }) });
    const client = new SecretsManagerClient({ region: 'eu-west-2' });

    // Act
    const loaded = await loadRootSecret({ secretArn, client });

    // Assess
    expect(loaded).toBe(rootSecret);
    const calls = secretsManager.commandCalls(GetSecretValueCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({ SecretId: secretArn });
  });

  it.each([
    ['has no SecretString (binary secret)', {}, 'has no SecretString'],
    ['is not JSON', { SecretString: rootSecret }, 'is not JSON'],
    ['lacks rootSecret', { SecretString: JSON.stringify({ password: rootSecret }) }, 'must hold'],
    ['has a short rootSecret', { SecretString: JSON.stringify({ rootSecret: 'short-secret' }) }, 'must hold'],
    ['has a non-string rootSecret', { SecretString: JSON.stringify({ rootSecret: 42 }) }, 'must hold'],
  ])('fails naming the ARN, not the value, when the secret %s', async (_label, response, problem) => {
    // Prepare
    secretsManager.on(GetSecretValueCommand).resolves(response);

    // Act
    const error = await rejection(
      loadRootSecret({ secretArn, client: new SecretsManagerClient({ region: 'eu-west-2' }) }),
    );

    // Assess
    expect(error).toBeInstanceOf(SecretsSourceError);
    expect(error.message).toContain(`Secret ${secretArn} `);
    expect(error.message).toContain(problem);
    expect(error.message).not.toContain(rootSecret);
    expect(error.message).not.toContain('short-secret');
    expect(error.cause).toBeUndefined();
  });

  it('fails naming the ARN and keeps the SDK error as cause when the call fails', async () => {
    // Prepare
    const failure = new ResourceNotFoundException({
      message: 'Secrets Manager can’t find the specified secret.',
      $metadata: {},
    });
    secretsManager.on(GetSecretValueCommand).rejects(failure);

    // Act
    const error = await rejection(
      loadRootSecret({ secretArn, client: new SecretsManagerClient({ region: 'eu-west-2' }) }),
    );

    // Assess
    expect(error).toBeInstanceOf(SecretsSourceError);
    expect(error.message).toBe(`Secret ${secretArn} could not be read`);
    expect(error.cause).toBe(failure);
  });

  it('makes its own client when none is given', async () => {
    // Prepare
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ rootSecret }) });

    // Act
    const loaded = await loadRootSecret({ secretArn });

    // Assess
    expect(loaded).toBe(rootSecret);
    expect(secretsManager.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({
      SecretId: secretArn,
    });
  });
});
