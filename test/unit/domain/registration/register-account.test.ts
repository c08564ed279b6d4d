// test/unit/domain/registration: registerAccount's branches, with fakes of the domain's ports.
import { describe, expect, it } from 'vitest';
import { parseAppSettings } from '../../../../shared/config/settings.js';
import { AccountNameTakenError, WeakPasswordError } from '../../../../shared/domain/errors.js';
import type {
  CreatePendingOutcome,
  PendingRegistration,
} from '../../../../shared/domain/registration/ports.js';
import { registerAccount, type RegisterAccountDeps } from '../../../../shared/domain/registration/register-account.js';
import type { AccountName, EmailAddress, Password, PhoneNumber, Registration } from '../../../../shared/domain/types.js';
import {
  countingThrottle,
  fakeKeys,
  fixedClock,
  plainCodeHasher,
  plainIndexer,
  recordingCourier,
  recordingHasher,
  scriptedRandom,
  taggingCipher,
} from '../../../helpers/fakes.js';

const settings = parseAppSettings({ email: { fromAddress: 'no-reply@signet.test' } });

const storeAnswering = (outcome: CreatePendingOutcome) => {
  const written: PendingRegistration[] = [];
  const released: [string, string][] = [];
  const store: RegisterAccountDeps['store'] = {
    createPending: async (registration: PendingRegistration) => {
      written.push(registration);
      return outcome;
    },
    releaseCooldown: async (nameIndex: string, codeHash: string) => {
      released.push([nameIndex, codeHash]);
    },
  };
  return { store, written, released };
};

const build = (outcome: CreatePendingOutcome, options: { courierFails?: boolean; noticeSlots?: number } = {}) => {
  const { store, written, released } = storeAnswering(outcome);
  const deps = {
    settings,
    policy: {
      check: (password: string) => {
        if (password.length < 15) throw new WeakPasswordError('Use at least 15 characters.');
        return password;
      },
    },
    hasher: recordingHasher(),
    keys: fakeKeys(),
    cipher: taggingCipher,
    indexer: plainIndexer,
    codes: plainCodeHasher,
    store,
    noticeThrottle: countingThrottle(options.noticeSlots ?? 3),
    courier: recordingCourier(options.courierFails),
    clock: fixedClock(),
    random: scriptedRandom('042917'),
  };
  return { register: registerAccount(deps), deps, written, released };
};

const registration: Registration = {
  accountName: 'ada.lovelace' as AccountName,
  password: 'analytical engine notes' as Password,
  email: 'ada@example.com' as EmailAddress,
  phone: '+447700900123' as PhoneNumber,
  channel: 'email',
  locale: 'en',
  preferences: { productUpdates: true },
  interests: ['science'],
};

describe('Function: registerAccount', () => {
  it('writes only sealed fields and blind indexes, and sends the code by the chosen channel', async () => {
    // Prepare
    const { register, deps, written } = build({ outcome: 'created' });

    // Act
    const accepted = await register(registration);

    // Assess
    expect(accepted).toEqual({
      accountName: 'ada.lovelace',
      channel: 'email',
      destination: 'a***@e***.com',
      expiresAt: '2026-11-25T10:10:00.000Z',
    });
    const record = written[0]!;
    expect(record.emailIndex).toBe('email-index(ada@example.com)');
    expect(record.phoneIndex).toBe('phone-index(+447700900123)');
    expect(record.sealed.email).toContain(':email:ada@example.com');
    expect(record.sealed.interests).toContain(':interests:["science"]');
    expect(record.expiresAt.toISOString()).toBe('2026-11-26T10:00:00.000Z');
    expect(record.code.hash).toBe(`registration:${record.accountId}:042917`);
    expect(record.consent.policyVersion).toBe(settings.privacyPolicyVersion);
    expect(deps.courier.codes).toEqual([
      [{ channel: 'email', email: 'ada@example.com' }, { purpose: 'registration', code: '042917', expiresInMinutes: 10, accountName: 'ada.lovelace' }, 'en'],
    ]);
    // The plaintext data key does not outlive the request.
    expect(deps.keys.keys[0]!.every((byte) => byte === 0)).toBe(true);
  });

  it('answers a taken contact exactly as a free one, after the same hashing, and notifies the owner instead', async () => {
    // Prepare
    const free = build({ outcome: 'created' });
    const taken = build({ outcome: 'decoy', taken: ['email'] });

    // Act
    const freeAnswer = await free.register(registration);
    const takenAnswer = await taken.register(registration);

    // Assess
    expect(takenAnswer).toEqual(freeAnswer);
    expect(taken.deps.hasher.hashed).toHaveLength(1);
    expect(taken.deps.courier.codes).toHaveLength(0);
    expect(taken.deps.courier.notices).toEqual([
      [{ channel: 'email', email: 'ada@example.com' }, 'registration_attempt', 'en'],
    ]);
    // The would-be code takes its slot in the contact's decoy budget, as the free contact's code does in its own.
    expect(taken.deps.courier.spent).toEqual(['email-index(decoy\u0000ada@example.com)']);
  });

  it("gives the store a decoy hash that is no code's hash", async () => {
    // Prepare
    const { register, written } = build({ outcome: 'decoy', taken: ['email'] });

    // Act
    await register(registration);

    // Assess
    expect(written[0]?.decoyCodeHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(written[0]?.decoyCodeHash).not.toBe(written[0]?.code.hash);
  });

  it("takes the decoy's budget slot without sending, also once the owner had its notices for the hour", async () => {
    // Prepare
    const { register, deps } = build({ outcome: 'decoy', taken: ['email'] }, { noticeSlots: 0 });

    // Act
    await register(registration);

    // Assess
    expect(deps.courier.notices).toHaveLength(0);
    expect(deps.courier.codes).toHaveLength(0);
    expect(deps.courier.spent).toEqual(['email-index(decoy\u0000ada@example.com)']);
  });

  it("sends the code and tells the owner of a verified second contact, within the owner's notices", async () => {
    // Prepare
    const told = build({ outcome: 'created', taken: ['sms'] });
    const silent = build({ outcome: 'created', taken: ['sms'] }, { noticeSlots: 0 });

    // Act
    await told.register(registration);
    await silent.register(registration);

    // Assess
    expect(told.deps.courier.codes).toHaveLength(1);
    expect(told.deps.courier.notices).toEqual([
      [{ channel: 'sms', phone: '+447700900123' }, 'registration_attempt', 'en'],
    ]);
    expect(silent.deps.courier.notices).toHaveLength(0);
    expect(silent.deps.courier.spent).toEqual([]);
  });

  it('names the account being created in the code message', async () => {
    // Prepare
    const { register, deps } = build({ outcome: 'created' });

    // Act
    await register(registration);

    // Assess
    expect(deps.courier.codes[0]?.[1]).toMatchObject({ purpose: 'registration', accountName: 'ada.lovelace' });
  });

  it('throws AccountNameTakenError for a taken name and sends nothing', async () => {
    // Prepare
    const { register, deps } = build({ outcome: 'name_taken' });

    // Act
    const attempt = register(registration);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(AccountNameTakenError);
    expect(deps.courier.codes).toHaveLength(0);
    expect(deps.courier.notices).toHaveLength(0);
  });

  it('rejects a weak password before hashing or writing anything', async () => {
    // Prepare
    const { register, deps, written } = build({ outcome: 'created' });

    // Act
    const attempt = register({ ...registration, password: 'too short' as Password });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(WeakPasswordError);
    expect(deps.hasher.hashed).toHaveLength(0);
    expect(written).toHaveLength(0);
  });

  it('lifts the resend cooldown when the code could not be sent, so that the user may resend at once', async () => {
    // Prepare
    const { register, written, released } = build({ outcome: 'created' }, { courierFails: true });

    // Act
    const attempt = register(registration);

    // Assess
    await expect(attempt).rejects.toThrow('provider down');
    expect(released).toEqual([['name-index(ada.lovelace)', written[0]!.code.hash]]);
  });
});
