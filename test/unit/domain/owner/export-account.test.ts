// test/unit/domain/owner: exportAccount, with fakes: what the owner sees, decrypted, and what is held back.
import { describe, expect, it } from 'vitest';
import { parseAppSettings } from '../../../../shared/config/settings.js';
import { UnauthorizedError } from '../../../../shared/domain/errors.js';
import { exportAccount, retentionRule } from '../../../../shared/domain/owner/export-account.js';
import type { AccountId } from '../../../../shared/domain/types.js';
import { fakeKeys, taggingCipher } from '../../../helpers/fakes.js';
import { activeAccount, memoryOwnerStore, stubAuthenticate } from '../../../helpers/owner-fakes.js';
import { memorySessions } from '../../../helpers/session-fakes.js';

const settings = parseAppSettings({ email: { fromAddress: 'no-reply@signet.test' } });
const ID = 'acc-1' as AccountId;
const AUTH = { authorization: 'Bearer token-acc-1' };

const build = (store = memoryOwnerStore(activeAccount())) => {
  const keys = fakeKeys();
  return {
    exportOf: exportAccount({
      settings,
      authenticate: stubAuthenticate,
      store,
      keys,
      cipher: taggingCipher,
      sessions: memorySessions(),
    }),
    store,
    keys,
  };
};

describe('Function: exportAccount', () => {
  it('shows every field decrypted, with when it was collected, why, and until when it is kept', async () => {
    // Prepare
    const account = activeAccount({
      sealed: {
        accountName: 'sealed(acc-1:accountName:ada.lovelace)',
        email: 'sealed(acc-1:email:ada@example.com)',
        phone: 'sealed(acc-1:phone:+447400123456)',
        preferences: 'sealed(acc-1:preferences:{"productUpdates":true})',
        interests: 'sealed(acc-1:interests:["science","books"])',
      },
      fieldsCollectedAt: {
        accountName: '2026-01-01T00:00:00.000Z',
        email: '2026-01-01T00:00:00.000Z',
        phone: '2026-03-01T00:00:00.000Z',
        preferences: '2026-01-01T00:00:00.000Z',
        interests: '2026-02-01T00:00:00.000Z',
      },
      locale: 'zh-CN',
    });
    const { exportOf } = build(memoryOwnerStore(account));

    // Act
    const exported = await exportOf(AUTH);

    // Assess
    const rule = 'until erasure, or 2 years after the last sign-in';
    expect(exported.account).toEqual({
      accountName: 'ada.lovelace',
      status: 'active',
      createdAt: '2026-01-01T00:00:00.000Z',
      locale: 'zh-CN',
    });
    expect(exported.items).toEqual([
      {
        field: 'accountName',
        value: 'ada.lovelace',
        collectedAt: '2026-01-01T00:00:00.000Z',
        purpose: expect.any(String),
        keptUntil: rule,
      },
      {
        field: 'email',
        value: 'ada@example.com',
        collectedAt: '2026-01-01T00:00:00.000Z',
        purpose: 'verification codes, password reset and account notices',
        keptUntil: rule,
      },
      {
        field: 'phone',
        value: '+447400123456',
        collectedAt: '2026-03-01T00:00:00.000Z',
        purpose: expect.any(String),
        keptUntil: rule,
      },
      {
        field: 'preferences',
        value: { productUpdates: true },
        collectedAt: '2026-01-01T00:00:00.000Z',
        purpose: expect.any(String),
        keptUntil: rule,
      },
      {
        field: 'interests',
        value: ['science', 'books'],
        collectedAt: '2026-02-01T00:00:00.000Z',
        purpose: expect.any(String),
        keptUntil: rule,
      },
    ]);
    expect(exported.consent).toEqual([
      { policyVersion: '2026-11-01', acceptedAt: '2026-01-01T00:00:00.000Z' },
    ]);
    expect(exported.legalHold).toBeNull();
    expect(exported.disclosures).toEqual([]);
  });

  it('lists only the fields that were given', async () => {
    // Prepare
    const { exportOf } = build();

    // Act
    const exported = await exportOf(AUTH);

    // Assess
    expect(exported.items.map((item) => item.field)).toEqual(['accountName', 'email']);
  });

  it('wipes the data key after use', async () => {
    // Prepare
    const { exportOf, keys } = build();

    // Act
    await exportOf(AUTH);

    // Assess
    expect(keys.keys).toHaveLength(1);
    expect(keys.keys[0]?.every((byte) => byte === 0)).toBe(true);
  });

  it('gives a pending registration its expiry as keptUntil', async () => {
    // Prepare
    const expiresAt = new Date('2026-11-26T10:00:00.000Z');
    const { exportOf } = build(memoryOwnerStore(activeAccount({ status: 'pending', expiresAt })));

    // Act
    const exported = await exportOf(AUTH);

    // Assess
    expect(exported.items.map((item) => item.keptUntil)).toEqual([
      expiresAt.toISOString(),
      expiresAt.toISOString(),
    ]);
  });

  it('derives the retention rule from the settings', () => {
    // Assess
    expect(retentionRule(parseAppSettings({ ...settings, retention: { inactiveAccountDays: 365 } }))).toBe(
      'until erasure, or 1 year after the last sign-in',
    );
    expect(retentionRule(parseAppSettings({ ...settings, retention: { inactiveAccountDays: 400 } }))).toBe(
      'until erasure, or 400 days after the last sign-in',
    );
  });

  it('shows an active legal hold with its start only, never its reason or reference', async () => {
    // Prepare
    const legalHold = {
      active: true,
      since: '2026-10-01T00:00:00.000Z',
      reason: 'inquiry',
      basis: 'order',
      reference: 'REF-9',
    };
    const { exportOf } = build(memoryOwnerStore(activeAccount({ legalHold })));

    // Act
    const exported = await exportOf(AUTH);

    // Assess
    expect(exported.legalHold).toEqual({ active: true, since: '2026-10-01T00:00:00.000Z' });
    expect(JSON.stringify(exported)).not.toContain('REF-9');
  });

  it('shows disclosures the owner may be told of, and leaves out the others', async () => {
    // Prepare
    const store = memoryOwnerStore(activeAccount());
    const told = {
      date: '2026-09-01',
      authority: 'Metropolitan Police',
      legalBasis: 'Investigatory Powers Act 2016',
      documentReference: 'SUMMONS-1',
      items: ['email'],
      ownerMayBeTold: true,
    };
    store.disclosures.set(ID, [told, { ...told, documentReference: 'SECRET-2', ownerMayBeTold: false }]);
    const { exportOf } = build(store);

    // Act
    const exported = await exportOf(AUTH);

    // Assess
    expect(exported.disclosures).toEqual([
      {
        date: '2026-09-01',
        authority: 'Metropolitan Police',
        legalBasis: 'Investigatory Powers Act 2016',
        documentReference: 'SUMMONS-1',
        items: ['email'],
      },
    ]);
    expect(JSON.stringify(exported)).not.toContain('SECRET-2');
  });

  it('answers 401 unauthorized without a valid token, or for an account erased meanwhile', async () => {
    // Prepare
    const { exportOf } = build(memoryOwnerStore());

    // Act
    const missing = exportOf({});
    const erased = exportOf(AUTH);

    // Assess
    await expect(missing).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(erased).rejects.toBeInstanceOf(UnauthorizedError);
  });
});
