// test/unit/client: the client's types, pinned by `npm run typecheck` (tsc checks this file): each
// `@ts-expect-error` line must be an error, so a body field that goes wrong, a missing field or a result
// field that does not exist fails the build. It imports through the package's self-reference, `signet/client`.
import { describe, expect, it } from 'vitest';
import { createSignetClient, SignetApiError } from 'signet/client';
import type { BodyOf, ResultOf, SignetClient } from 'signet/client';

const client: SignetClient = createSignetClient({
  baseUrl: 'https://api.example.test',
  clientId: 'test-app',
  fetch: async () => new Response('{}', { status: 500 }),
  sleep: async () => undefined,
  maxAttempts: 1,
});

/** Never called: tsc checks these calls and reads. */
const misuse = async () => {
  // @ts-expect-error: channel is "email" or "sms", not "fax".
  await client.register({ accountName: 'ada', password: 'p', channel: 'fax' });
  // @ts-expect-error: a registration needs a password.
  await client.register({ accountName: 'ada', channel: 'email', email: 'ada@example.com' });
  // @ts-expect-error: a registration has no field "username".
  await client.register({ accountName: 'ada', password: 'p', channel: 'email', username: 'ada' });
  // @ts-expect-error: confirm needs the code.
  await client.confirm({ accountName: 'ada' });
  // @ts-expect-error: the client sends its clientId; sign-in takes no "email".
  await client.signIn({ accountName: 'ada', password: 'p', email: 'ada@example.com' });
  // @ts-expect-error: a password reset's confirm names its resetId.
  await client.confirmPasswordReset({ accountName: 'ada', code: '123456', newPassword: 'p' });
  // @ts-expect-error: erasing takes the current password.
  await client.eraseAccount({});

  const accepted = await client.register({
    accountName: 'ada',
    password: 'p',
    channel: 'email',
    email: 'a@b.c',
  });
  // @ts-expect-error: a registration's answer has no accountId.
  void accepted.accountId;
  const confirmed = await client.confirm({ accountName: 'ada', code: '123456' });
  // @ts-expect-error: confirm answers {status: "active"}, never "erased".
  if (confirmed.status === 'erased') return;
  const session = await client.signIn({ accountName: 'ada', password: 'p' });
  // @ts-expect-error: a token answer's expiresIn is a number of seconds, not a string.
  session.expiresIn.toUpperCase();
  const reset = await client.requestPasswordReset({ accountName: 'ada' });
  // @ts-expect-error: the answer's field is resetId, not resetID.
  void reset.resetID;
  const mine = await client.me();
  // @ts-expect-error: the export's account holds no password.
  void mine.account.password;
  // @ts-expect-error: the client has no method for a route the API lacks.
  await client.deleteEverything();
};

describe('Module: signet/client (types)', () => {
  it('resolves through package.json "exports" and types bodies and results from the OpenAPI document', async () => {
    // Prepare: what the typed helpers give for the routes, read at compile time.
    const registration: BodyOf<'register'> = { accountName: 'ada', password: 'p', channel: 'email' };
    const consent: ResultOf<'recordConsent'> = { status: 'recorded' };

    // Act
    const error = await client.resend({ accountName: 'ada' }).catch((e: unknown) => e);

    // Assess
    expect(typeof misuse).toBe('function');
    expect(registration.channel).toBe('email');
    expect(consent.status).toBe('recorded');
    expect(error).toBeInstanceOf(SignetApiError);
    expect(error).toMatchObject({ status: 500, error: 'http_error' });
  });
});
