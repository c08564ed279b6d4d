// bench: the API as a client calls it (register, confirm, resend, sign-in, refresh), and the codes the
// local email outbox received. Every call checks its status: a benchmark of errors measures nothing.
import { randomBytes } from 'node:crypto';

/** A registration the benchmark made: its name and the address its code went to. */
export interface BenchAccount {
  readonly accountName: string;
  readonly email: string;
  readonly password: string;
}

/** The app client the bench signs in for (the local stage's). */
const BENCH_CLIENT_ID = 'local-app';

/** Thrown when the API answers other than a successful call would; holds the status and error code only. */
class UnexpectedResponseError extends Error {
  public readonly status: number;

  public constructor(operation: string, status: number, errorCode: string | undefined) {
    super(`${operation} answered ${status}${errorCode === undefined ? '' : ` (${errorCode})`}`);
    this.name = 'UnexpectedResponseError';
    this.status = status;
  }
}

const errorCodeOf = async (response: Response): Promise<string | undefined> => {
  try {
    const body = (await response.json()) as { error?: unknown };
    return typeof body.error === 'string' ? body.error : undefined;
  } catch {
    return undefined;
  }
};

const send = async (apiUrl: string, path: string, body: unknown, expected: number, operation: string) => {
  const response = await fetch(new URL(path, apiUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== expected) {
    throw new UnexpectedResponseError(operation, response.status, await errorCodeOf(response));
  }
  return response;
};

const postJson = async (apiUrl: string, path: string, body: unknown, expected: number, operation: string) => {
  // Read the body to the end so the connection goes back to the pool.
  await (await send(apiUrl, path, body, expected, operation)).arrayBuffer();
};

/** The refresh token of an answer that carries a token pair. */
const refreshTokenOf = async (response: Response, operation: string): Promise<string> => {
  const { refreshToken } = (await response.json()) as { refreshToken?: unknown };
  if (typeof refreshToken !== 'string') throw new UnexpectedResponseError(operation, response.status, 'no refreshToken');
  return refreshToken;
};

/** A fresh, unique account: name, address and a password that passes the default policy. */
const newAccount = (): BenchAccount => {
  const id = randomBytes(8).toString('hex');
  return {
    accountName: `bench-${id}`,
    email: `bench.${id}@example.com`,
    password: `plum orbit ${id} lantern`,
  };
};

/**
 * POST /v1/registrations with the fields a typical sign-up form sends (as the OpenAPI example does):
 * name, password, email as the code channel, locale, preferences and interests. Expects 202.
 */
const register = async (apiUrl: string): Promise<BenchAccount> => {
  const account = newAccount();
  await postJson(
    apiUrl,
    '/v1/registrations',
    {
      accountName: account.accountName,
      password: account.password,
      email: account.email,
      channel: 'email',
      locale: 'en',
      preferences: { productUpdates: true },
      interests: ['science', 'books'],
    },
    202,
    'register',
  );
  return account;
};

/** POST /v1/registrations/confirm with the right code; expects 200 (the account becomes active). */
const confirm = (apiUrl: string, accountName: string, code: string): Promise<void> =>
  postJson(apiUrl, '/v1/registrations/confirm', { accountName, code }, 200, 'confirm');

/** POST /v1/registrations/resend; expects 202 (needs the resend cooldown lifted to repeat at once). */
const resend = (apiUrl: string, accountName: string): Promise<void> =>
  postJson(apiUrl, '/v1/registrations/resend', { accountName }, 202, 'resend');

/** POST /v1/sessions for the local app client; expects 200 and answers the refresh token. */
const signIn = async (apiUrl: string, account: BenchAccount): Promise<string> => {
  const body = { accountName: account.accountName, password: account.password, clientId: BENCH_CLIENT_ID };
  return refreshTokenOf(await send(apiUrl, '/v1/sessions', body, 200, 'sign-in'), 'sign-in');
};

/** POST /v1/sessions/refresh; expects 200 and answers the rotated refresh token. */
const refresh = async (apiUrl: string, refreshToken: string): Promise<string> =>
  refreshTokenOf(
    await send(apiUrl, '/v1/sessions/refresh', { refreshToken, clientId: BENCH_CLIENT_ID }, 200, 'refresh'),
    'refresh',
  );

interface StoredEmail {
  readonly destination: { readonly to: readonly string[] };
  readonly body: { readonly text?: string };
  readonly at: number;
}

/** The newest six-digit code the local email outbox holds for each address. */
const codesByAddress = async (emailUrl: string): Promise<Map<string, string>> => {
  const response = await fetch(new URL('/store', emailUrl));
  if (!response.ok) throw new UnexpectedResponseError('email outbox', response.status, undefined);
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  const codes = new Map<string, string>();
  for (const email of [...emails].sort((a, b) => a.at - b.at)) {
    const code = /\b(\d{6})\b/.exec(email.body.text ?? '')?.[1];
    if (code === undefined) continue;
    for (const to of email.destination.to) codes.set(to.toLowerCase(), code);
  }
  return codes;
};

export { codesByAddress, confirm, refresh, register, resend, signIn, UnexpectedResponseError };
