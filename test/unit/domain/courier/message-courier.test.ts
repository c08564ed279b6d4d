// test/unit/domain/courier: the courier picks the channel and the language, and fails without leaking.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  createMessageCourier,
  MessageNotSentError,
} from '../../../../shared/domain/courier/message-courier.js';
import type { SignetError } from '../../../../shared/domain/errors.js';
import { DeliveryUnavailableError } from '../../../../shared/domain/errors.js';
import type { Mailer, Texter } from '../../../../shared/domain/ports.js';
import type { Contact, EmailAddress, PhoneNumber } from '../../../../shared/domain/types.js';
import { countingBudget, fixedClock, plainIndexer } from '../../../helpers/fakes.js';

type Mail = Parameters<Mailer['send']>[0];
type Text = Parameters<Texter['send']>[0];

const EMAIL = 'wei.zhang@example.cn' as EmailAddress;
const PHONE = '+8613800138000' as PhoneNumber;
const CODE = '305917';
const byEmail: Contact = { channel: 'email', email: EMAIL };
const bySms: Contact = { channel: 'sms', phone: PHONE };
const registrationCode = { purpose: 'registration', code: CODE, expiresInMinutes: 10, accountName: 'li.lei' } as const;

/** A Mailer and a Texter that record what they are given. */
const recordingPorts = (): { mailer: Mailer; texter: Texter; mails: Mail[]; texts: Text[] } => {
  const mails: Mail[] = [];
  const texts: Text[] = [];
  return {
    mails,
    texts,
    mailer: { send: async (mail) => void mails.push(mail) },
    texter: { send: async (text) => void texts.push(text) },
  };
};

/** A provider error of the kind SDKs throw: its message quotes the destination. */
const providerError = (name: string, message: string): Error => Object.assign(new Error(message), { name });

/** Everything a logger or an HTTP answer could show of an error. */
const everyViewOf = (error: SignetError): string =>
  [
    error.message,
    String(error.stack),
    JSON.stringify(error),
    JSON.stringify(error.toJSON()),
    inspect(error),
  ].join('\n');

const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
};

describe('Function: createMessageCourier', () => {
  describe('Method: sendCode', () => {
    it('emails the code in English to an email contact, and texts nothing', async () => {
      // Prepare
      const ports = recordingPorts();
      const courier = createMessageCourier(ports);

      // Act
      await courier.sendCode(byEmail, registrationCode, 'en');

      // Assess
      expect(ports.texts).toEqual([]);
      expect(ports.mails).toHaveLength(1);
      expect(ports.mails[0]?.to).toBe(EMAIL);
      expect(ports.mails[0]?.subject).toBe('Your Signet verification code');
      expect(ports.mails[0]?.text).toContain(CODE);
      expect(ports.mails[0]?.html).toContain(CODE);
    });

    it('texts the code in Chinese to a phone contact, and emails nothing', async () => {
      // Prepare
      const ports = recordingPorts();
      const courier = createMessageCourier(ports);

      // Act
      await courier.sendCode(bySms, registrationCode, 'zh-CN');

      // Assess
      expect(ports.mails).toEqual([]);
      expect(ports.texts).toEqual([
        { to: PHONE, text: `【Signet】${CODE}是创建账户li.lei的验证码，10分钟内有效，勿告诉他人。` },
      ]);
    });

    it('writes the email in the language asked for', async () => {
      // Prepare
      const ports = recordingPorts();
      const courier = createMessageCourier(ports);

      // Act
      await courier.sendCode(
        byEmail,
        { purpose: 'password_reset', code: CODE, expiresInMinutes: 15 },
        'zh-CN',
      );

      // Assess
      expect(ports.mails[0]?.subject).toBe('您的 Signet 密码重置验证码');
      expect(ports.mails[0]?.text).toContain('验证码 15 分钟内有效');
      expect(ports.mails[0]?.html).toContain('<html lang="zh-CN">');
    });
  });

  describe('Method: sendNotice', () => {
    it('emails the registration-attempt notice without any code', async () => {
      // Prepare
      const ports = recordingPorts();
      const courier = createMessageCourier(ports);

      // Act
      await courier.sendNotice(byEmail, 'registration_attempt', 'en');

      // Assess
      expect(ports.texts).toEqual([]);
      expect(ports.mails).toHaveLength(1);
      expect(ports.mails[0]?.to).toBe(EMAIL);
      expect(ports.mails[0]?.subject).toBe('Someone tried to register with your email address');
      expect(ports.mails[0]?.text).not.toMatch(/\d{4,}/);
    });

    it('texts a notice to a phone contact in the language asked for', async () => {
      // Prepare
      const ports = recordingPorts();
      const courier = createMessageCourier(ports);

      // Act
      await courier.sendNotice(bySms, 'password_changed', 'zh-CN');

      // Assess
      expect(ports.mails).toEqual([]);
      expect(ports.texts).toEqual([
        { to: PHONE, text: '【Signet】您的账户密码已更改。如非本人操作，请立即重置密码。' },
      ]);
    });
  });

  describe('when the provider fails', () => {
    it('throws a DeliveryUnavailableError that names neither the number nor the code', async () => {
      // Prepare
      const courier = createMessageCourier({
        mailer: recordingPorts().mailer,
        texter: {
          send: async () => {
            throw providerError(
              'InvalidParameterException',
              `Invalid parameter: PhoneNumber ${PHONE}, code ${CODE}`,
            );
          },
        },
      });

      // Act
      const error = await rejectionOf(courier.sendCode(bySms, registrationCode, 'en'));

      // Assess
      expect(error).toBeInstanceOf(DeliveryUnavailableError);
      expect(error).toBeInstanceOf(MessageNotSentError);
      const failure = error as MessageNotSentError;
      expect(failure.code).toBe('delivery_unavailable');
      expect(failure.statusCode).toBe(503);
      expect(failure.channel).toBe('sms');
      expect(failure.providerErrorName).toBe('InvalidParameterException');
      expect(failure.cause).toBeUndefined();
      const views = everyViewOf(failure);
      expect(views).not.toContain(PHONE);
      expect(views).not.toContain(PHONE.slice(3));
      expect(views).not.toContain(CODE);
      expect(failure.toJSON()).toEqual({
        error: 'delivery_unavailable',
        message: 'The message could not be sent just now; try again shortly.',
      });
    });

    it('throws a DeliveryUnavailableError that does not name the email address', async () => {
      // Prepare
      const courier = createMessageCourier({
        mailer: {
          send: async () => {
            throw providerError('MessageRejected', `Email address is not verified: ${EMAIL}`);
          },
        },
        texter: recordingPorts().texter,
      });

      // Act
      const error = await rejectionOf(courier.sendNotice(byEmail, 'account_erased', 'en'));

      // Assess
      expect(error).toBeInstanceOf(DeliveryUnavailableError);
      const failure = error as MessageNotSentError;
      expect(failure.channel).toBe('email');
      expect(failure.providerErrorName).toBe('MessageRejected');
      expect(everyViewOf(failure)).not.toContain(EMAIL);
      expect(everyViewOf(failure)).not.toContain('wei.zhang');
    });

    it.each([
      ['an error whose name holds the number', providerError(PHONE, 'x')],
      ['an error whose name holds the address', providerError(EMAIL, 'x')],
      ['a thrown string', `failed for ${PHONE}`],
      ['a thrown object', { phone: PHONE }],
    ])('keeps no trace of %s, only UnknownError', async (_case, thrown) => {
      // Prepare
      const courier = createMessageCourier({
        mailer: {
          send: async () => {
            throw thrown;
          },
        },
        texter: {
          send: async () => {
            throw thrown;
          },
        },
      });

      // Act
      const bySmsError = (await rejectionOf(
        courier.sendCode(bySms, registrationCode, 'en'),
      )) as MessageNotSentError;
      const byEmailError = (await rejectionOf(
        courier.sendCode(byEmail, registrationCode, 'en'),
      )) as MessageNotSentError;

      // Assess
      for (const error of [bySmsError, byEmailError]) {
        expect(error).toBeInstanceOf(DeliveryUnavailableError);
        expect(error.providerErrorName).toBe('UnknownError');
        expect(everyViewOf(error)).not.toContain(PHONE);
        expect(everyViewOf(error)).not.toContain(EMAIL);
      }
    });
  });

  describe("Gate: the contact's message budget", () => {
    it('takes a slot by the blind index before every code and notice, and sends nothing beyond the budget', async () => {
      // Prepare
      const ports = recordingPorts();
      const gate = countingBudget(2);
      const courier = createMessageCourier({ ...ports, budget: { gate, indexer: plainIndexer, clock: fixedClock() } });

      // Act
      const deliveries = [
        await courier.sendCode(byEmail, registrationCode, 'en'),
        await courier.sendNotice(byEmail, 'registration_attempt', 'en'),
        await courier.sendCode(byEmail, registrationCode, 'en'),
        await courier.sendNotice(bySms, 'password_changed', 'en'),
      ];

      // Assess
      expect(deliveries).toEqual([
        { sent: true },
        { sent: true },
        { sent: false, retryAfterSeconds: 3600 },
        { sent: true },
      ]);
      expect(ports.mails).toHaveLength(2);
      expect(ports.texts).toHaveLength(1);
      expect(gate.messages).toEqual([`email-index(${EMAIL})`, `email-index(${EMAIL})`, `phone-index(${PHONE})`]);
    });

    it('sends the erasure notice without counting it, so that no counter of an erased contact is written again', async () => {
      // Prepare
      const ports = recordingPorts();
      const gate = countingBudget(0);
      const courier = createMessageCourier({ ...ports, budget: { gate, indexer: plainIndexer, clock: fixedClock() } });

      // Act
      const delivery = await courier.sendNotice(byEmail, 'account_erased', 'en');

      // Assess
      expect(delivery).toEqual({ sent: true });
      expect(ports.mails).toHaveLength(1);
      expect(gate.messages).toEqual([]);
    });

    it("counts a decoy's would-be send in the contact's decoy budget, and sends nothing", async () => {
      // Prepare
      const ports = recordingPorts();
      const gate = countingBudget(1);
      const courier = createMessageCourier({ ...ports, budget: { gate, indexer: plainIndexer, clock: fixedClock() } });

      // Act
      const first = await courier.spendWithoutSending('email-index(owner)');
      const second = await courier.spendWithoutSending('email-index(owner)');

      // Assess
      expect([first, second]).toEqual([{ sent: true }, { sent: false, retryAfterSeconds: 3600 }]);
      expect(gate.decoys).toEqual(['email-index(owner)']);
      expect(gate.messages).toEqual([]);
      expect(ports.mails).toEqual([]);
    });
  });
});
