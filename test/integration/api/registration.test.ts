// test/integration/api: the registration journey as an app client sees it, against the local runtime
// (DynamoDB Local, aws-ses-v2-local, the SMS gateway) through the same handlers Lambda runs.
import { describe, expect, it } from 'vitest';
import {
  emailsTo,
  latestEmailCode,
  latestSmsCode,
  post,
  smsTo,
  strongPassword,
  uniqueEmail,
  uniqueName,
  uniquePhone,
  wrongCode,
} from '../../helpers/api.js';

const REGISTER = '/v1/registrations';
const CONFIRM = '/v1/registrations/confirm';
const RESEND = '/v1/registrations/resend';

describe('POST /v1/registrations', () => {
  it('registers by email, sends a code to the outbox, and activates the account on confirm', async () => {
    // Prepare
    const accountName = uniqueName();
    const email = uniqueEmail();
    const before = Date.now();

    // Act
    const registered = await post(REGISTER, { accountName, password: strongPassword(), email, channel: 'email' });
    const code = await latestEmailCode(email);
    const confirmed = await post(CONFIRM, { accountName, code });

    // Assess
    expect(registered.status).toBe(202);
    const body = registered.body as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual(['accountName', 'channel', 'destination', 'expiresAt']);
    expect(body.accountName).toBe(accountName);
    expect(body.channel).toBe('email');
    expect(body.destination).toBe('p***@e***.com');
    expect(body.expiresAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);
    const expiresIn = Date.parse(body.expiresAt as string) - before;
    expect(expiresIn).toBeGreaterThan(9 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(10 * 60_000 + 5_000);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ status: 'active' });
  });

  it('registers by SMS, sends the code to the SMS outbox, and activates the account', async () => {
    // Prepare
    const accountName = uniqueName();
    const phone = uniquePhone();

    // Act
    const registered = await post(REGISTER, { accountName, password: strongPassword(), phone, channel: 'sms', locale: 'zh-CN' });
    const messages = await smsTo(phone);
    const code = await latestSmsCode(phone);
    const confirmed = await post(CONFIRM, { accountName, code });

    // Assess
    expect(registered.status).toBe(202);
    expect((registered.body as Record<string, string>).destination).toBe(`+44 **** ***${phone.slice(-3)}`);
    expect(messages).toHaveLength(1);
    expect(confirmed.status).toBe(200);
  });

  it('normalizes the account name and email once: NFKC, lower case', async () => {
    // Prepare
    const suffix = uniqueName('n').slice(2);
    const fullWidth = `ＡＢＣ${suffix}`;
    const email = uniqueEmail();

    // Act
    const registered = await post(REGISTER, {
      accountName: fullWidth,
      password: strongPassword(),
      email: `  ${email.toUpperCase()} `,
      channel: 'email',
    });
    const code = await latestEmailCode(email);
    const confirmed = await post(CONFIRM, { accountName: `abc${suffix}`, code });

    // Assess
    expect(registered.status).toBe(202);
    expect((registered.body as Record<string, string>).accountName).toBe(`abc${suffix}`);
    expect(confirmed.status).toBe(200);
  });

  it('answers 409 account_name_taken for a name held by an active or pending account', async () => {
    // Prepare
    const accountName = uniqueName();
    await post(REGISTER, { accountName, password: strongPassword(), email: uniqueEmail(), channel: 'email' });

    // Act
    const again = await post(REGISTER, { accountName, password: strongPassword(), email: uniqueEmail(), channel: 'email' });

    // Assess
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: 'account_name_taken', message: expect.any(String) });
  });

  it('answers a taken email exactly as a free one, stores nothing of it, and notifies the owner without a code', async () => {
    // Prepare
    const email = uniqueEmail();
    const owner = uniqueName();
    await post(REGISTER, { accountName: owner, password: strongPassword(), email, channel: 'email' });
    await post(CONFIRM, { accountName: owner, code: await latestEmailCode(email) });
    const freeEmail = uniqueEmail();
    const free = await post(REGISTER, { accountName: uniqueName(), password: strongPassword(), email: freeEmail, channel: 'email' });
    const intruder = uniqueName();

    // Act
    const taken = await post(REGISTER, { accountName: intruder, password: strongPassword(), email, channel: 'email' });

    // Assess
    expect(taken.status).toBe(free.status);
    expect(Object.keys(taken.body as object).sort()).toEqual(Object.keys(free.body as object).sort());
    expect((taken.body as Record<string, string>).destination).toBe((free.body as Record<string, string>).destination);
    const mails = await emailsTo(email);
    expect(mails).toHaveLength(2);
    const notice = mails[1]!;
    expect(notice.body.text).not.toMatch(/\b\d{6}\b/);
    expect(notice.subject).not.toBe(mails[0]!.subject);
    // A decoy holds the intruder's name, as a fresh pending registration would: no code matches it.
    const confirm = await post(CONFIRM, { accountName: intruder, code: '123456' });
    expect(confirm.status).toBe(400);
    const reuse = await post(REGISTER, { accountName: intruder, password: strongPassword(), email: uniqueEmail(), channel: 'email' });
    expect(reuse.status).toBe(409);
  });

  it('sends at most 3 owner notices per contact per hour', async () => {
    // Prepare: only a verified contact is taken (an unverified one is taken over instead).
    const email = uniqueEmail();
    const owner = uniqueName();
    await post(REGISTER, { accountName: owner, password: strongPassword(), email, channel: 'email' });
    await post(CONFIRM, { accountName: owner, code: await latestEmailCode(email) });

    // Act
    const answers = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      answers.push(await post(REGISTER, { accountName: uniqueName(), password: strongPassword(), email, channel: 'email' }));
    }

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202, 202, 202]);
    expect(await emailsTo(email)).toHaveLength(1 + 3);
  });

  it('gives exactly one 202 to 50 parallel registrations of one account name', async () => {
    // Prepare
    const accountName = uniqueName('race');

    // Act
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        post(REGISTER, { accountName, password: strongPassword(), email: uniqueEmail(), channel: 'email' }),
      ),
    );

    // Assess
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 202)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
  });

  it('leaves at most one account able to confirm an email registered 50 times in parallel under different names', async () => {
    // Prepare
    const email = uniqueEmail();
    const names = Array.from({ length: 50 }, () => uniqueName('mail'));

    // Act
    const answers = await Promise.all(
      names.map((accountName) => post(REGISTER, { accountName, password: strongPassword(), email, channel: 'email' })),
    );
    const codes = await codesAmong(email);
    const confirms = await Promise.all(
      names.flatMap((accountName) => codes.map((code) => post(CONFIRM, { accountName, code }))),
    );

    // Assess: each took the unverified email over from the one before it; the contact's budget caps the
    // codes sent (`contacts.messagesPerHour`), and no two accounts can hold it.
    expect(answers.every((answer) => answer.status === 202)).toBe(true);
    expect(codes.length).toBeGreaterThanOrEqual(1);
    expect(codes.length).toBeLessThanOrEqual(5);
    expect(confirms.filter((answer) => answer.status === 200).length).toBeLessThanOrEqual(1);
  });
});

/** The codes of every code email to `email` (notices carry none). */
const codesAmong = async (email: string): Promise<string[]> => {
  const mails = await emailsTo(email);
  return mails.flatMap((mail) => /\b(\d{6})\b/.exec(mail.body.text ?? '')?.[1] ?? []);
};

describe('POST /v1/registrations/confirm', () => {
  const registerByEmail = async () => {
    const accountName = uniqueName();
    const email = uniqueEmail();
    await post(REGISTER, { accountName, password: strongPassword(), email, channel: 'email' });
    return { accountName, email, code: await latestEmailCode(email) };
  };

  it('answers one invalid_code for a wrong code, an unknown account and a used code', async () => {
    // Prepare
    const { accountName, code } = await registerByEmail();

    // Act
    const wrong = await post(CONFIRM, { accountName, code: wrongCode(code) });
    const unknown = await post(CONFIRM, { accountName: uniqueName(), code });
    const right = await post(CONFIRM, { accountName, code });
    const reused = await post(CONFIRM, { accountName, code });

    // Assess
    expect(right.status).toBe(200);
    for (const answer of [wrong, unknown, reused]) {
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual(wrong.body);
    }
    expect((wrong.body as { error: string }).error).toBe('invalid_code');
  });

  it('kills a code after 5 wrong tries sent in parallel, even for the right digits', async () => {
    // Prepare
    const { accountName, code } = await registerByEmail();
    const wrong = wrongCode(code);

    // Act
    const tries = await Promise.all(Array.from({ length: 12 }, () => post(CONFIRM, { accountName, code: wrong })));
    const right = await post(CONFIRM, { accountName, code });

    // Assess
    expect(tries.every((answer) => answer.status === 400)).toBe(true);
    expect(right.status).toBe(400);
    expect((right.body as { error: string }).error).toBe('invalid_code');
  });

  it('activates once when the right code arrives twice in parallel', async () => {
    // Prepare
    const { accountName, code } = await registerByEmail();

    // Act
    const answers = await Promise.all(Array.from({ length: 4 }, () => post(CONFIRM, { accountName, code })));

    // Assess
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400, 400, 400]);
  });

  it('does not count a code that cannot be a code (wrong format) as a try', async () => {
    // Prepare
    const { accountName, code } = await registerByEmail();

    // Act
    const junk = await Promise.all(Array.from({ length: 6 }, () => post(CONFIRM, { accountName, code: 'abcdef' })));
    const right = await post(CONFIRM, { accountName, code: `${code.slice(0, 3)} ${code.slice(3)}` });

    // Assess
    expect(junk.every((answer) => (answer.body as { error: string }).error === 'invalid_code')).toBe(true);
    expect(right.status).toBe(200);
  });
});

describe('POST /v1/registrations/resend', () => {
  it('answers 202 for an unknown account name', async () => {
    // Act
    const answer = await post(RESEND, { accountName: uniqueName() });

    // Assess
    expect(answer.status).toBe(202);
  });

  it('throttles a resend within 60 s of the first code with 429 rate_limited and Retry-After', async () => {
    // Prepare
    const accountName = uniqueName();
    const email = uniqueEmail();
    await post(REGISTER, { accountName, password: strongPassword(), email, channel: 'email' });

    // Act
    const answer = await post(RESEND, { accountName });

    // Assess
    expect(answer.status).toBe(429);
    expect((answer.body as { error: string }).error).toBe('rate_limited');
    const retryAfter = Number(answer.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await emailsTo(email)).toHaveLength(1);
  });
});
