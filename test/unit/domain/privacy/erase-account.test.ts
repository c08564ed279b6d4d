// test/unit/domain/privacy: eraseAccount's branches (erased, held, absent, conflicts), with fakes.
import { describe, expect, it } from 'vitest';
import { parseAppSettings } from '../../../../shared/config/settings.js';
import { eraseAccount } from '../../../../shared/domain/privacy/erase-account.js';
import type { AccountId } from '../../../../shared/domain/types.js';
import { fakeKeys, fixedClock, recordingCourier, taggingCipher } from '../../../helpers/fakes.js';
import { activeAccount, memoryOwnerStore } from '../../../helpers/owner-fakes.js';

const settings = parseAppSettings({
  email: { fromAddress: 'no-reply@signet.test' },
  retention: { tombstoneDays: 30 },
});
const ID = 'acc-1' as AccountId;
const HOLD = {
  active: true,
  since: '2026-10-01T00:00:00.000Z',
  reason: 'inquiry',
  basis: 'court order',
  reference: 'REF-1',
};

const build = (store = memoryOwnerStore(activeAccount()), options: { courierFails?: boolean } = {}) => {
  const courier = recordingCourier(options.courierFails);
  const warnings: string[] = [];
  const clock = fixedClock('2026-11-25T10:00:00.000Z');
  const erase = eraseAccount({
    settings,
    store,
    clock,
    notifier: { keys: fakeKeys(), cipher: taggingCipher, courier },
    logger: { warn: (message) => warnings.push(message) },
  });
  return { erase, store, courier, warnings };
};

describe('Function: eraseAccount', () => {
  it('replaces the account with a tombstone kept for tombstoneDays and releases its guards', async () => {
    // Prepare
    const { erase, store } = build();

    // Act
    const outcome = await erase(ID, 'owner_request');

    // Assess
    expect(outcome).toBe('erased');
    expect(store.accounts.has(ID)).toBe(false);
    expect(store.guards.size).toBe(0);
    expect(store.tombstones.get(ID)).toEqual({
      erasedAt: new Date('2026-11-25T10:00:00.000Z'),
      reason: 'owner_request',
      expiresAt: new Date('2026-12-25T10:00:00.000Z'),
    });
  });

  it('tells the owner on the verified email, with the locale of the account', async () => {
    // Prepare
    const { erase, courier } = build(memoryOwnerStore(activeAccount({ locale: 'zh-CN' })));

    // Act
    await erase(ID, 'inactivity');

    // Assess
    expect(courier.notices).toEqual([
      [{ channel: 'email', email: 'ada@example.com' }, 'account_erased', 'zh-CN'],
    ]);
    expect(courier.codes).toEqual([]);
  });

  it('tells the verified phone when the email is not verified', async () => {
    // Prepare
    const account = activeAccount({
      sealed: {
        accountName: 'sealed(acc-1:accountName:ada.lovelace)',
        email: 'sealed(acc-1:email:ada@example.com)',
        phone: 'sealed(acc-1:phone:+447400123456)',
      },
      phoneIndex: 'phone-index',
      emailVerified: false,
      phoneVerified: true,
    });
    const { erase, courier } = build(memoryOwnerStore(account));

    // Act
    await erase(ID, 'owner_request');

    // Assess
    expect(courier.notices.map(([to]) => to)).toEqual([{ channel: 'sms', phone: '+447400123456' }]);
  });

  it('erases all the same when the notice cannot be sent, and logs no contact', async () => {
    // Prepare
    const { erase, store, warnings } = build(undefined, { courierFails: true });

    // Act
    const outcome = await erase(ID, 'owner_request');

    // Assess
    expect(outcome).toBe('erased');
    expect(store.accounts.has(ID)).toBe(false);
    expect(warnings).toEqual(['erasure notice not sent']);
  });

  it('under legal hold deletes nothing, records the request and answers held', async () => {
    // Prepare
    const { erase, store, courier } = build(memoryOwnerStore(activeAccount({ legalHold: HOLD })));

    // Act
    const outcome = await erase(ID, 'owner_request');

    // Assess
    expect(outcome).toBe('held');
    expect(store.accounts.get(ID)?.erasureRequested).toEqual({
      requestedAt: '2026-11-25T10:00:00.000Z',
      reason: 'owner_request',
    });
    expect(store.guards.size).toBe(2);
    expect(store.tombstones.size).toBe(0);
    expect(courier.notices).toEqual([]);
  });

  it('keeps the time of the first request when an erasure under hold is asked again', async () => {
    // Prepare
    const first = { requestedAt: '2026-11-01T00:00:00.000Z', reason: 'owner_request' as const };
    const { erase, store } = build(
      memoryOwnerStore(activeAccount({ legalHold: HOLD, erasureRequested: first })),
    );

    // Act
    const outcome = await erase(ID, 'inactivity');

    // Assess
    expect(outcome).toBe('held');
    expect(store.accounts.get(ID)?.erasureRequested).toEqual(first);
  });

  it('erases once the hold is lifted, with reason hold_lifted', async () => {
    // Prepare
    const store = memoryOwnerStore(activeAccount({ legalHold: HOLD }));
    const { erase } = build(store);
    await erase(ID, 'owner_request');
    const held = store.accounts.get(ID);
    if (held === undefined) throw new Error('account missing');
    const { legalHold: _lifted, ...rest } = held;
    store.accounts.set(ID, rest);

    // Act
    const outcome = await erase(ID, 'hold_lifted');

    // Assess
    expect(outcome).toBe('erased');
    expect(store.tombstones.get(ID)?.reason).toBe('hold_lifted');
  });

  it('answers held when a hold is placed between the read and the erasure', async () => {
    // Prepare
    const store = memoryOwnerStore(activeAccount());
    const { erase, courier } = build(store);
    store.interfereOnce = () => {
      const account = store.accounts.get(ID);
      if (account !== undefined) store.accounts.set(ID, { ...account, legalHold: HOLD });
    };

    // Act
    const outcome = await erase(ID, 'inactivity');

    // Assess
    expect(outcome).toBe('held');
    expect(store.accounts.has(ID)).toBe(true);
    expect(courier.notices).toEqual([]);
  });

  it('answers absent for an unknown or already erased account, and removes leftovers', async () => {
    // Prepare
    const { erase, store, courier } = build();
    await erase(ID, 'owner_request');
    store.leftovers.set(ID, ['DISCLOSURE#left-behind']);

    // Act
    const again = await erase(ID, 'owner_request');
    const unknown = await erase('nobody' as AccountId, 'inactivity');

    // Assess
    expect([again, unknown]).toEqual(['absent', 'absent']);
    expect(store.leftovers.has(ID)).toBe(false);
    expect(store.erasures).toHaveLength(1);
    expect(courier.notices).toHaveLength(1);
  });

  it('erases without any message when no notifier is given', async () => {
    // Prepare
    const store = memoryOwnerStore(activeAccount());
    const erase = eraseAccount({ settings, store, clock: fixedClock() });

    // Act
    const outcome = await erase(ID, 'inactivity');

    // Assess
    expect(outcome).toBe('erased');
    expect(store.tombstones.get(ID)?.reason).toBe('inactivity');
  });

  it('gives up with an error that names no personal data when every attempt conflicts', async () => {
    // Prepare
    const store = memoryOwnerStore(activeAccount());
    store.erase = async () => 'conflict';
    const { erase } = build(store);

    // Act
    const attempt = erase(ID, 'owner_request');

    // Assess
    await expect(attempt).rejects.toThrow(/kept conflicting/);
    await expect(attempt).rejects.not.toThrow(/example\.com/);
  });
});
