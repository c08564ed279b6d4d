// test/unit/domain/owner: updateProfile, with fakes: re-sealed fields, merge of preferences, collection times.
import { describe, expect, it } from 'vitest';
import { UnauthorizedError } from '../../../../shared/domain/errors.js';
import { updateProfile } from '../../../../shared/domain/owner/update-profile.js';
import type { AccountId } from '../../../../shared/domain/types.js';
import { fakeKeys, fixedClock, taggingCipher } from '../../../helpers/fakes.js';
import { activeAccount, memoryOwnerStore, stubAuthenticate } from '../../../helpers/owner-fakes.js';

const ID = 'acc-1' as AccountId;
const AUTH = { authorization: 'Bearer token-acc-1' };
const NOW = '2026-11-25T10:00:00.000Z';
const BEFORE = '2026-01-01T00:00:00.000Z';

const withProfile = () =>
  memoryOwnerStore(
    activeAccount({
      sealed: {
        accountName: 'sealed(acc-1:accountName:ada.lovelace)',
        preferences: 'sealed(acc-1:preferences:{"productUpdates":true,"marketingEmails":false})',
        interests: 'sealed(acc-1:interests:["science"])',
      },
      fieldsCollectedAt: { accountName: BEFORE, preferences: BEFORE, interests: BEFORE },
    }),
  );

const build = (store = withProfile()) => {
  const keys = fakeKeys();
  const update = updateProfile({
    authenticate: stubAuthenticate,
    store,
    keys,
    cipher: taggingCipher,
    clock: fixedClock(NOW),
  });
  return { update, store, keys };
};

describe('Function: updateProfile', () => {
  it('merges preferences, replaces interests, sets the locale, and re-seals under the account key', async () => {
    // Prepare
    const { update, store } = build();

    // Act
    const answer = await update(
      { preferences: { marketingEmails: true }, interests: ['music', 'art'], locale: 'zh-CN' },
      AUTH,
    );

    // Assess
    const account = store.accounts.get(ID);
    expect(answer).toEqual({ status: 'updated' });
    expect(account?.sealed.preferences).toBe(
      'sealed(acc-1:preferences:{"productUpdates":true,"marketingEmails":true})',
    );
    expect(account?.sealed.interests).toBe('sealed(acc-1:interests:["music","art"])');
    expect(account?.locale).toBe('zh-CN');
    expect(account?.fieldsCollectedAt).toEqual({ accountName: BEFORE, preferences: NOW, interests: NOW });
  });

  it('adds a field never given at registration', async () => {
    // Prepare
    const { update, store } = build(memoryOwnerStore(activeAccount()));

    // Act
    await update({ interests: ['travel'] }, AUTH);

    // Assess
    expect(store.accounts.get(ID)?.sealed.interests).toBe('sealed(acc-1:interests:["travel"])');
    expect(store.accounts.get(ID)?.fieldsCollectedAt.interests).toBe(NOW);
  });

  it('keeps the collection time of a field whose value does not change, whatever the key order', async () => {
    // Prepare
    const { update, store } = build();

    // Act
    await update(
      { preferences: { marketingEmails: false, productUpdates: true }, interests: ['science'] },
      AUTH,
    );

    // Assess
    expect(store.accounts.get(ID)?.fieldsCollectedAt).toEqual({
      accountName: BEFORE,
      preferences: BEFORE,
      interests: BEFORE,
    });
  });

  it('wipes the data key after use', async () => {
    // Prepare
    const { update, keys } = build();

    // Act
    await update({ interests: [] }, AUTH);

    // Assess
    expect(keys.keys.every((key) => key.every((byte) => byte === 0))).toBe(true);
  });

  it('answers 401 unauthorized for a bad token, or when the account stopped being active meanwhile', async () => {
    // Prepare
    const store = withProfile();
    store.updateProfile = async () => false;
    const { update } = build(store);

    // Act
    const badToken = update({ locale: 'zh-CN' }, { authorization: 'Bearer nonsense' });
    const erased = update({ locale: 'zh-CN' }, AUTH);

    // Assess
    await expect(badToken).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(erased).rejects.toBeInstanceOf(UnauthorizedError);
  });
});
