// bench: the registration API as a client calls it (register, confirm, resend), and the codes the
// local email outbox received. Every call checks its status: a benchmark of errors measures nothing.
import { randomBytes } from 'node:crypto';

/** A registration the benchmark made: its name and the address its code went to. */
export interface BenchAccount {
  readonly accountName: string;
  readonly email: string;
}

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

const postJson = async (apiUrl: string, path: string, body: unknown, expected: number, operation: string) => {
  const response = await fetch(new URL(path, apiUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== expected) {
    throw new UnexpectedResponseError(operation, response.status, await errorCodeOf(response));
  }
  // Read the body to the end so the connection goes back to the pool.
  await response.arrayBuffer();
};

/** A fresh, unique account: name, address and a password that passes the default policy. */
const newAccount = (): BenchAccount & { password: string } => {
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
  return { accountName: account.accountName, email: account.email };
};

/** POST /v1/registrations/confirm with the right code; expects 200 (the account becomes active). */
const confirm = (apiUrl: string, accountName: string, code: string): Promise<void> =>
  postJson(apiUrl, '/v1/registrations/confirm', { accountName, code }, 200, 'confirm');

/** POST /v1/registrations/resend; expects 202 (needs the resend cooldown lifted to repeat at once). */
const resend = (apiUrl: string, accountName: string): Promise<void> =>
  postJson(apiUrl, '/v1/registrations/resend', { accountName }, 202, 'resend');

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

export { codesByAddress, confirm, register, resend, UnexpectedResponseError };
