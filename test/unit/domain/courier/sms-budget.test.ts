// test/unit/domain/courier: the courier's SMS path consults the SmsBudget before every text: past it a code
// answers 503 sms_unavailable and a notice is dropped; email never asks it. And the per-client gate.
import { describe, expect, it } from 'vitest';
import { createClientGate, type ClientBudget, type ClientBudgetKind } from '../../../../shared/domain/client-budget.js';
import { createMessageCourier } from '../../../../shared/domain/courier/message-courier.js';
import { smsPrefixOf, type SmsBudget, type SmsBudgetOutcome } from '../../../../shared/domain/courier/sms-budget.js';
import { RateLimitedError, SmsUnavailableError } from '../../../../shared/domain/errors.js';
import type { BlindIndexer } from '../../../../shared/domain/ports.js';
import type { Contact, EmailAddress, PhoneNumber } from '../../../../shared/domain/types.js';

const PHONE = '+447400123456' as PhoneNumber;
const bySms: Contact = { channel: 'sms', phone: PHONE };
const byEmail: Contact = { channel: 'email', email: 'ada@example.com' as EmailAddress };
const code = { purpose: 'registration', code: '305917', expiresInMinutes: 10 } as const;
const NOW = new Date('2027-01-02T03:04:05.000Z');

/** A courier on recording ports and a budget that answers `outcome`. */
const courierWith = (outcome: SmsBudgetOutcome) => {
  const texts: string[] = [];
  const mails: string[] = [];
  const asked: { phone: PhoneNumber; now: Date }[] = [];
  const smsBudget: SmsBudget = {
    take: async (phone, now) => {
      asked.push({ phone, now });
      return outcome;
    },
    check: async () => outcome,
  };
  const courier = createMessageCourier({
    mailer: { send: async (mail) => void mails.push(mail.to) },
    texter: { send: async (text) => void texts.push(text.to) },
    smsBudget,
    clock: { now: () => NOW },
  });
  return { courier, texts, mails, asked };
};

describe('Function: createMessageCourier with an SmsBudget', () => {
  it('takes a budget slot for each SMS, with the number and the clock, then texts it', async () => {
    // Prepare
    const { courier, texts, asked } = courierWith('allowed');

    // Act
    await courier.sendCode(bySms, code, 'en');
    await courier.sendNotice(bySms, 'registration_attempt', 'en');

    // Assess
    expect(asked).toEqual([
      { phone: PHONE, now: NOW },
      { phone: PHONE, now: NOW },
    ]);
    expect(texts).toEqual([PHONE, PHONE]);
  });

  it.each(['prefix_spent', 'stage_spent'] as const)('answers a code past the budget (%s) with 503 sms_unavailable and texts nothing', async (outcome) => {
    // Prepare
    const { courier, texts } = courierWith(outcome);

    // Act
    const failure = await courier.sendCode(bySms, code, 'en').catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(SmsUnavailableError);
    expect((failure as SmsUnavailableError).toJSON()).toEqual({
      error: 'sms_unavailable',
      message: 'Codes cannot be sent by SMS just now; use email instead.',
    });
    expect((failure as SmsUnavailableError).statusCode).toBe(503);
    expect(texts).toEqual([]);
  });

  it('drops a notice past the budget without an error', async () => {
    // Prepare
    const { courier, texts } = courierWith('stage_spent');

    // Act
    await courier.sendNotice(bySms, 'registration_attempt', 'en');

    // Assess
    expect(texts).toEqual([]);
  });

  it('never asks the SMS budget for an email', async () => {
    // Prepare
    const { courier, mails, asked } = courierWith('stage_spent');

    // Act
    await courier.sendCode(byEmail, code, 'en');

    // Assess
    expect(mails).toEqual(['ada@example.com']);
    expect(asked).toEqual([]);
  });

  it('tells a decoy, without taking a slot, whether a code could be texted now (assertCanText)', async () => {
    // Prepare
    const open = courierWith('allowed');
    const spent = courierWith('prefix_spent');

    // Act
    const allowed = await open.courier.assertCanText?.(PHONE);
    const refused = await spent.courier.assertCanText?.(PHONE).catch((error: unknown) => error);

    // Assess
    expect(allowed).toBeUndefined();
    expect(refused).toBeInstanceOf(SmsUnavailableError);
    expect([...open.asked, ...spent.asked, ...open.texts, ...spent.texts]).toEqual([]);
  });

  it('groups numbers by their first 6 digits after the +', () => {
    expect(smsPrefixOf('+447400123456' as PhoneNumber)).toBe('447400');
    expect(smsPrefixOf('+12025550123' as PhoneNumber)).toBe('120255');
  });
});

describe('Function: createClientGate', () => {
  const indexer: BlindIndexer = { index: (kind, value) => `${kind}:${value.length}` };
  const settings = { sms: { perClientPerHour: 10 }, registration: { perClientPerHour: 30 } } as Parameters<
    typeof createClientGate
  >[0]['settings'];

  /** A budget that admits `admitted` kinds and refuses the others with 120 seconds. */
  const budgetAdmitting = (admitted: readonly ClientBudgetKind[]) => {
    const taken: { ipIndex: string; kind: ClientBudgetKind; max: number }[] = [];
    const budget: ClientBudget = {
      take: async (ipIndex, kind, _now, max) => {
        taken.push({ ipIndex, kind, max });
        return admitted.includes(kind) ? { outcome: 'allowed' } : { outcome: 'blocked', retryAfterSeconds: 120 };
      },
    };
    return { budget, taken };
  };

  it('takes each kind by the blind index of the address, with its own limit', async () => {
    // Prepare
    const { budget, taken } = budgetAdmitting(['registration', 'sms']);
    const gate = createClientGate({ settings, indexer, budget, clock: { now: () => NOW } });

    // Act
    await gate.admit('203.0.113.9', ['registration', 'sms']);

    // Assess
    expect(taken).toEqual([
      { ipIndex: 'ip:11', kind: 'registration', max: 30 },
      { ipIndex: 'ip:11', kind: 'sms', max: 10 },
    ]);
  });

  it('answers 429 rate_limited with Retry-After when a budget is spent', async () => {
    // Prepare
    const { budget } = budgetAdmitting(['registration']);
    const gate = createClientGate({ settings, indexer, budget, clock: { now: () => NOW } });

    // Act
    const failure = await gate.admit('203.0.113.9', ['registration', 'sms']).catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(RateLimitedError);
    expect((failure as RateLimitedError).retryAfterSeconds).toBe(120);
  });
});
