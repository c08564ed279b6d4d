// test/integration/api: contact squatting and the per-contact budgets, replayed as an attacker would against
// the local runtime (DynamoDB Local, the outboxes, the real handlers). A contact that nobody verified never
// keeps it from its owner; codes and guesses at one contact are bounded whatever the registrations.
import { describe, expect, it } from 'vitest';
import {
  call,
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
const SESSIONS = '/v1/sessions';

const signIn = async (accountName: string, password: string) => post(SESSIONS, { clientId: 'local-app', accountName, password });

describe('Contact squatting', () => {
  it("lets the owner of an email held by someone else's pending registration take it, confirm and sign in", async () => {
    // Prepare: the squatter registers with the victim's email, and never confirms.
    const email = uniqueEmail();
    const squatter = uniqueName('squat');
    await post(REGISTER, { accountName: squatter, password: strongPassword(), email, channel: 'email' });
    const squattersCode = await latestEmailCode(email);
    const owner = uniqueName('owner');
    const password = strongPassword();

    // Act
    const registered = await post(REGISTER, { accountName: owner, password, email, channel: 'email' });
    const mails = await emailsTo(email);
    const code = await latestEmailCode(email);
    const confirmed = await post(CONFIRM, { accountName: owner, code });
    const session = await signIn(owner, password);

    // Assess: the owner's code names the owner's account; the squatter's registration is gone, its name free.
    expect(registered.status).toBe(202);
    expect(mails).toHaveLength(2);
    expect(mails[1]?.body.text).toContain(`finishes creating the account ${owner}`);
    expect(mails[0]?.body.text).toContain(`finishes creating the account ${squatter}`);
    expect(confirmed.status).toBe(200);
    expect(session.status).toBe(200);
    expect((await post(CONFIRM, { accountName: squatter, code: squattersCode })).status).toBe(400);
    const again = await post(REGISTER, { accountName: squatter, password: strongPassword(), email: uniqueEmail(), channel: 'email' });
    expect(again.status).toBe(202);
  });

  it("takes an active account's unverified phone for its owner, with no notice to that phone", async () => {
    // Prepare: an account confirmed by email that named someone else's phone, never verified.
    const phone = uniquePhone();
    const holder = { accountName: uniqueName('holder'), password: strongPassword(), email: uniqueEmail() };
    await post(REGISTER, { ...holder, phone, channel: 'email' });
    expect((await post(CONFIRM, { accountName: holder.accountName, code: await latestEmailCode(holder.email) })).status).toBe(200);
    const owner = { accountName: uniqueName('owner'), password: strongPassword() };

    // Act
    const registered = await post(REGISTER, { ...owner, phone, channel: 'sms' });
    const texts = await smsTo(phone);
    const confirmed = await post(CONFIRM, { accountName: owner.accountName, code: await latestSmsCode(phone) });
    const ownerSession = await signIn(owner.accountName, owner.password);
    const holderSession = await signIn(holder.accountName, holder.password);
    const holderExport = await call('GET', '/v1/me', undefined, {
      authorization: `Bearer ${(holderSession.body as { accessToken: string }).accessToken}`,
    });

    // Assess: one SMS, the owner's code; the holder keeps its account, without the phone.
    expect(registered.status).toBe(202);
    expect(texts).toHaveLength(1);
    expect(texts[0]?.message).toContain(owner.accountName);
    expect(confirmed.status).toBe(200);
    expect(ownerSession.status).toBe(200);
    expect(holderSession.status).toBe(200);
    expect(holderExport.status).toBe(200);
    expect(holderExport.text).not.toContain(phone);
    expect(holderExport.text).toContain(holder.email);
  });

  it('texts no notice to a phone that only a pending registration holds', async () => {
    // Prepare: a pending registration by SMS, never confirmed.
    const phone = uniquePhone();
    await post(REGISTER, { accountName: uniqueName('pending'), password: strongPassword(), phone, channel: 'sms' });

    // Act: a registration by email that also names the phone.
    const other = await post(REGISTER, {
      accountName: uniqueName('other'),
      password: strongPassword(),
      email: uniqueEmail(),
      phone,
      channel: 'email',
    });

    // Assess: the phone got its own code and nothing else.
    expect(other.status).toBe(202);
    const texts = await smsTo(phone);
    expect(texts).toHaveLength(1);
    expect(texts[0]?.message).toMatch(/\b\d{6}\b/);
  });

  it('gives an unverified email to exactly one of two parallel registrations', async () => {
    // Prepare
    const email = uniqueEmail();
    const names = [uniqueName('race'), uniqueName('race')];

    // Act
    const answers = await Promise.all(
      names.map((accountName) => post(REGISTER, { accountName, password: strongPassword(), email, channel: 'email' })),
    );
    const codes = (await emailsTo(email)).flatMap((mail) => /\b(\d{6})\b/.exec(mail.body.text ?? '')?.[1] ?? []);
    const confirms = [];
    for (const accountName of names) {
      for (const code of codes) confirms.push(await post(CONFIRM, { accountName, code }));
    }

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([202, 202]);
    expect(codes.length).toBeGreaterThanOrEqual(1);
    expect(confirms.filter((answer) => answer.status === 200)).toHaveLength(1);
  });
});

describe('Per-contact budgets', () => {
  it('stops the register, fail, cancel, re-register loop at 10 tries a day and 5 messages an hour per contact', async () => {
    // Prepare: the attacker does not own the email, so guesses.
    const email = uniqueEmail();
    const register = () =>
      post(REGISTER, { accountName: uniqueName('loop'), password: strongPassword(), email, channel: 'email' });
    const first = uniqueName('loop');
    await post(REGISTER, { accountName: first, password: strongPassword(), email, channel: 'email' });
    const firstCode = await latestEmailCode(email);

    // Act: 10 wrong codes (5 on the first code, 5 on a second registration's), then a new registration whose
    // right code is tried; then more registrations.
    const tries = [];
    for (let i = 0; i < 5; i += 1) tries.push(await post(CONFIRM, { accountName: first, code: wrongCode(firstCode) }));
    const second = uniqueName('loop');
    await post(REGISTER, { accountName: second, password: strongPassword(), email, channel: 'email' });
    const secondCode = await latestEmailCode(email);
    for (let i = 0; i < 5; i += 1) tries.push(await post(CONFIRM, { accountName: second, code: wrongCode(secondCode) }));
    const third = uniqueName('loop');
    await post(REGISTER, { accountName: third, password: strongPassword(), email, channel: 'email' });
    const thirdCode = await latestEmailCode(email);
    const rightButSpent = await post(CONFIRM, { accountName: third, code: thirdCode });
    const more = [await register(), await register(), await register(), await register()];

    // Assess: every answer is the ordinary one; the right code after 10 tries is refused; 5 emails in all.
    expect(tries.map((answer) => answer.status)).toEqual(Array<number>(10).fill(400));
    expect(rightButSpent.status).toBe(400);
    expect(rightButSpent.body).toMatchObject({ error: 'invalid_code' });
    expect(more.map((answer) => answer.status)).toEqual([202, 202, 202, 202]);
    expect(await emailsTo(email)).toHaveLength(5);
  });
});
