// test/unit/domain/owner: requestContactChange and confirmContactChange, with fakes: re-verification of
// the new contact, a taken contact answered alike, the old contact told, codes bound to their purpose.
import { describe, expect, it } from 'vitest';
import { parseAppSettings } from '../../../../shared/config/settings.js';
import {
  InvalidCodeError,
  InvalidCredentialsError,
  InvalidRequestError,
  RateLimitedError,
} from '../../../../shared/domain/errors.js';
import {
  confirmContactChange,
  requestContactChange,
} from '../../../../shared/domain/owner/change-contact.js';
import type { AccountId, EmailAddress, Password, PhoneNumber } from '../../../../shared/domain/types.js';
import {
  countingBudget,
  countingThrottle,
  fakeKeys,
  fixedClock,
  plainCodeHasher,
  plainIndexer,
  recordingCourier,
  scriptedRandom,
  taggingCipher,
} from '../../../helpers/fakes.js';
import {
  activeAccount,
  memoryCodeStore,
  memoryOwnerStore,
  onePasswordCheck,
  stubAuthenticate,
} from '../../../helpers/owner-fakes.js';

const settings = parseAppSettings({ email: { fromAddress: 'no-reply@signet.test' } });
const ID = 'acc-1' as AccountId;
const AUTH = { authorization: 'Bearer token-acc-1', sourceIp: '203.0.113.9' };
const right = 'right password' as Password;
const newEmail = { channel: 'email', email: 'ada.new@example.com' as EmailAddress } as const;
const newPhone = { channel: 'sms', phone: '+447400123456' as PhoneNumber } as const;

const build = (
  options: {
    store?: ReturnType<typeof memoryOwnerStore>;
    codes?: string[];
    courierFails?: boolean;
    noticeSlots?: number;
  } = {},
) => {
  const store = options.store ?? memoryOwnerStore(activeAccount());
  const codes = memoryCodeStore();
  const courier = recordingCourier(options.courierFails);
  const clock = fixedClock('2026-11-25T10:00:00.000Z');
  const common = {
    authenticate: stubAuthenticate,
    store,
    keys: fakeKeys(),
    cipher: taggingCipher,
    codeHasher: plainCodeHasher,
    codes,
    courier,
    clock,
  };
  const request = requestContactChange({
    ...common,
    settings,
    checkPassword: onePasswordCheck(),
    indexer: plainIndexer,
    noticeThrottle: countingThrottle(options.noticeSlots ?? 3),
    random: scriptedRandom(...(options.codes ?? ['111111', '222222', '333333'])),
  });
  const confirm = confirmContactChange({ ...common, settings, budget: countingBudget() });
  return { request, confirm, store, codes, courier, clock };
};

describe('Function: requestContactChange', () => {
  it('sends a contact_change code to the new email and keeps it sealed beside the code', async () => {
    // Prepare
    const { request, store, codes, courier } = build();

    // Act
    const answer = await request({ contact: newEmail, currentPassword: right }, AUTH);

    // Assess
    expect(answer).toEqual({
      channel: 'email',
      destination: 'a***@e***.com',
      expiresAt: '2026-11-25T10:10:00.000Z',
    });
    expect(courier.codes).toEqual([
      [newEmail, { purpose: 'contact_change', code: '111111', expiresInMinutes: 10 }, 'en'],
    ]);
    expect(codes.codes.get(`contact_change:${ID}`)).toMatchObject({
      codeHash: `contact_change:${ID}:111111`,
      payload: {
        field: 'email',
        index: 'email-index(ada.new@example.com)',
        sealed: 'sealed(acc-1:email:ada.new@example.com)',
      },
    });
    expect(store.accounts.get(ID)?.emailIndex).toBe('email-index(ada@example.com)');
  });

  it('answers a contact held by another account alike, sends no code, and notifies its owner', async () => {
    // Prepare
    const other = activeAccount({
      accountId: 'acc-2' as AccountId,
      nameIndex: 'n2',
      emailIndex: 'email-index(ada.new@example.com)',
    });
    const { request, store, codes, courier } = build({ store: memoryOwnerStore(activeAccount(), other) });

    // Act
    const answer = await request({ contact: newEmail, currentPassword: right }, AUTH);
    const again = request({ contact: newEmail, currentPassword: right }, AUTH);

    // Assess
    expect(answer).toEqual({
      channel: 'email',
      destination: 'a***@e***.com',
      expiresAt: '2026-11-25T10:10:00.000Z',
    });
    expect(courier.codes).toEqual([]);
    expect(courier.notices).toEqual([[newEmail, 'registration_attempt', 'en']]);
    expect(codes.codes.get(`contact_change:${ID}`)?.payload).toBeUndefined();
    await expect(again).rejects.toBeInstanceOf(RateLimitedError);
    expect(store.accounts.get(ID)?.emailIndex).toBe('email-index(ada@example.com)');
  });

  it('throttles a second request for a free contact exactly as for a taken one', async () => {
    // Prepare
    const { request } = build();
    await request({ contact: newEmail, currentPassword: right }, AUTH);

    // Act
    const again = request({ contact: newPhone, currentPassword: right }, AUTH);

    // Assess
    await expect(again).rejects.toMatchObject({ code: 'rate_limited', retryAfterSeconds: 60 });
  });

  it('sends at most ownerNoticesPerHour notices to a taken contact', async () => {
    // Prepare
    const other = activeAccount({
      accountId: 'acc-2' as AccountId,
      nameIndex: 'n2',
      emailIndex: 'email-index(ada.new@example.com)',
    });
    const { request, courier, clock } = build({
      store: memoryOwnerStore(activeAccount(), other),
      noticeSlots: 1,
    });

    // Act
    await request({ contact: newEmail, currentPassword: right }, AUTH);
    clock.advance(61);
    await request({ contact: newEmail, currentPassword: right }, AUTH);

    // Assess
    expect(courier.notices).toHaveLength(1);
  });

  it('answers 401 invalid_credentials to a wrong password, and issues and sends nothing', async () => {
    // Prepare
    const { request, codes, courier } = build();

    // Act
    const attempt = request({ contact: newEmail, currentPassword: 'wrong' as Password }, AUTH);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(InvalidCredentialsError);
    expect(codes.codes.size).toBe(0);
    expect(courier.codes).toEqual([]);
  });

  it('refuses the account its own contact', async () => {
    // Prepare
    const { request } = build();

    // Act
    const attempt = request(
      {
        contact: { channel: 'email', email: 'ada@example.com' as EmailAddress },
        currentPassword: right,
      },
      AUTH,
    );

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it('lifts the cooldown when the code cannot be sent, so that the user may ask again at once', async () => {
    // Prepare
    const { request, codes } = build({ courierFails: true });

    // Act
    const failed = request({ contact: newEmail, currentPassword: right }, AUTH);

    // Assess
    await expect(failed).rejects.toThrow('provider down');
    expect(codes.codes.get(`contact_change:${ID}`)?.lastSentAt).toBe(0);
  });
});

describe('Function: confirmContactChange', () => {
  it('replaces the email with the verified new one and tells the old address, without a code', async () => {
    // Prepare
    const { request, confirm, store, courier } = build();
    await request({ contact: newEmail, currentPassword: right }, AUTH);

    // Act
    const answer = await confirm({ code: '111111' }, AUTH);

    // Assess
    const account = store.accounts.get(ID);
    expect(answer).toEqual({ status: 'changed' });
    expect(account?.sealed.email).toBe('sealed(acc-1:email:ada.new@example.com)');
    expect(account?.emailIndex).toBe('email-index(ada.new@example.com)');
    expect(account?.fieldsCollectedAt.email).toBe('2026-11-25T10:00:00.000Z');
    expect(store.guards.get('email:email-index(ada@example.com)')).toBeUndefined();
    expect(store.guards.get('email:email-index(ada.new@example.com)')).toBe(ID);
    expect(courier.notices).toEqual([
      [{ channel: 'email', email: 'ada@example.com' }, 'contact_changed', 'en'],
    ]);
  });

  it('adds a phone to an account that had none, verified, and tells the email', async () => {
    // Prepare
    const { request, confirm, store, courier } = build();
    await request({ contact: newPhone, currentPassword: right }, AUTH);

    // Act
    await confirm({ code: '111111' }, AUTH);

    // Assess
    expect(store.accounts.get(ID)).toMatchObject({
      phoneIndex: 'phone-index(+447400123456)',
      phoneVerified: true,
    });
    expect(store.accounts.get(ID)?.emailIndex).toBe('email-index(ada@example.com)');
    expect(courier.notices.map(([to, kind]) => [to, kind])).toEqual([
      [{ channel: 'email', email: 'ada@example.com' }, 'contact_changed'],
    ]);
  });

  it('spends the code: it confirms once', async () => {
    // Prepare
    const { request, confirm } = build();
    await request({ contact: newEmail, currentPassword: right }, AUTH);
    await confirm({ code: '111111' }, AUTH);

    // Act
    const again = confirm({ code: '111111' }, AUTH);

    // Assess
    await expect(again).rejects.toBeInstanceOf(InvalidCodeError);
  });

  it('counts wrong codes; after 5 tries the right code no longer works', async () => {
    // Prepare
    const { request, confirm, store } = build();
    await request({ contact: newEmail, currentPassword: right }, AUTH);

    // Act
    for (let i = 0; i < 5; i += 1)
      await expect(confirm({ code: '999999' }, AUTH)).rejects.toBeInstanceOf(InvalidCodeError);
    const late = confirm({ code: '111111' }, AUTH);

    // Assess
    await expect(late).rejects.toBeInstanceOf(InvalidCodeError);
    expect(store.accounts.get(ID)?.emailIndex).toBe('email-index(ada@example.com)');
  });

  it('refuses a code of another purpose with the same digits', async () => {
    // Prepare
    const { confirm, codes } = build();
    await codes.issue(
      { purpose: 'contact_change', accountId: ID },
      {
        accountId: ID,
        codeHash: `password_reset:${ID}:111111`,
        expiresAt: new Date('2026-11-25T11:00:00.000Z'),
      },
      new Date('2026-11-25T10:00:00.000Z'),
      settings.codes,
    );

    // Act
    const attempt = confirm({ code: '111111' }, AUTH);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(InvalidCodeError);
  });

  it('refuses the decoy code of a taken contact, and changes nothing', async () => {
    // Prepare
    const other = activeAccount({
      accountId: 'acc-2' as AccountId,
      nameIndex: 'n2',
      emailIndex: 'email-index(ada.new@example.com)',
    });
    const { request, confirm, store } = build({ store: memoryOwnerStore(activeAccount(), other) });
    await request({ contact: newEmail, currentPassword: right }, AUTH);

    // Act
    const attempt = confirm({ code: '111111' }, AUTH);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(InvalidCodeError);
    expect(store.accounts.get(ID)?.emailIndex).toBe('email-index(ada@example.com)');
    expect(store.guards.get('email:email-index(ada.new@example.com)')).toBe('acc-2');
  });

  it('answers invalid_code when the contact was taken between request and confirm', async () => {
    // Prepare
    const { request, confirm, store, courier } = build();
    await request({ contact: newEmail, currentPassword: right }, AUTH);
    store.guards.set('email:email-index(ada.new@example.com)', 'acc-9' as AccountId);

    // Act
    const attempt = confirm({ code: '111111' }, AUTH);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(InvalidCodeError);
    expect(store.accounts.get(ID)?.emailIndex).toBe('email-index(ada@example.com)');
    expect(courier.notices).toEqual([]);
  });

  it('answers a code that is not six digits without spending a try', async () => {
    // Prepare
    const { request, confirm, codes } = build();
    await request({ contact: newEmail, currentPassword: right }, AUTH);

    // Act
    const attempt = confirm({ code: 'abc' }, AUTH);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(InvalidCodeError);
    expect(codes.codes.get(`contact_change:${ID}`)?.attempts).toBe(0);
  });
});
