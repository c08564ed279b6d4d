// shared/domain/courier: the Courier port. Use cases → (MessageCourier) → render-message → Mailer | Texter.
// Renders in the user's language, sends by the contact's channel, and turns any provider failure into
// a DeliveryUnavailableError that holds nothing personal: SDK error messages can quote the number.
import { messagesFor } from '../../messages/index.js';
import { DeliveryUnavailableError, SmsUnavailableError } from '../errors.js';
import type { Clock, CodeMessage, Courier, Mailer, NoticeKind, Texter } from '../ports.js';
import type { Channel, Contact, Locale, PhoneNumber } from '../types.js';
import { renderCodeEmail, renderCodeSms, renderNoticeEmail, renderNoticeSms } from './render-message.js';
import type { RenderedEmail } from './render-message.js';
import type { SmsBudget } from './sms-budget.js';

/** What the courier needs: one way to send each channel. */
interface MessageCourierDeps {
  readonly mailer: Mailer;
  readonly texter: Texter;
  /**
   * The prefix and stage SMS budgets, taken before every SMS: past either, a code answers 503
   * `sms_unavailable` and a notice is not sent. The wiring always gives one; without it nothing is budgeted.
   */
  readonly smsBudget?: SmsBudget;
  readonly clock?: Clock;
}

/** An identifier-shaped name (`ThrottlingException`, `TimeoutError`): cannot hold an address or a number. */
const SAFE_ERROR_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

/**
 * A DeliveryUnavailableError that says which channel failed and what kind of provider error it was,
 * for logs and alarms. It deliberately keeps no `cause` and no provider message.
 */
class MessageNotSentError extends DeliveryUnavailableError {
  public readonly channel: Channel;
  /** The provider error's class name when it looks like one, else `UnknownError`. Safe to log. */
  public readonly providerErrorName: string;

  public constructor(channel: Channel, providerError: unknown) {
    super();
    this.name = 'MessageNotSentError';
    this.channel = channel;
    const name = providerError instanceof Error ? providerError.name : undefined;
    this.providerErrorName = name !== undefined && SAFE_ERROR_NAME.test(name) ? name : 'UnknownError';
  }
}

/** Runs one provider call; any failure becomes a MessageNotSentError without the provider's message. */
const attempt = async (channel: Channel, send: () => Promise<void>): Promise<void> => {
  try {
    await send();
  } catch (error) {
    throw new MessageNotSentError(channel, error);
  }
};

/**
 * Builds the Courier.
 *
 * @example
 * const courier = createMessageCourier({ mailer: createSesV2Mailer(…), texter: createSnsTexter(…) });
 * await courier.sendCode(contact, { purpose: 'registration', code, expiresInMinutes: 10 }, 'zh-CN');
 */
const createMessageCourier = (deps: MessageCourierDeps): Courier => {
  /** Renders before sending, so a rendering bug surfaces as itself and not as a provider outage. */
  const deliver = async (
    to: Contact,
    email: () => RenderedEmail,
    sms: () => string,
    kind: 'code' | 'notice',
  ): Promise<void> => {
    if (to.channel === 'email') {
      const message = { to: to.email, ...email() };
      await attempt('email', () => deps.mailer.send(message));
    } else {
      const message = { to: to.phone, text: sms() };
      const budget = deps.smsBudget === undefined ? 'allowed' : await deps.smsBudget.take(to.phone, deps.clock?.now() ?? new Date());
      if (budget !== 'allowed') {
        if (kind === 'code') throw new SmsUnavailableError();
        return;
      }
      await attempt('sms', () => deps.texter.send(message));
    }
  };

  return {
    ...(deps.smsBudget !== undefined && {
      assertCanText: async (phone: PhoneNumber): Promise<void> => {
        if ((await deps.smsBudget?.check(phone, deps.clock?.now() ?? new Date())) !== 'allowed') {
          throw new SmsUnavailableError();
        }
      },
    }),
    sendCode: async (to: Contact, message: CodeMessage, locale: Locale): Promise<void> => {
      const copy = messagesFor(locale);
      await deliver(
        to,
        () => renderCodeEmail(copy, message),
        () => renderCodeSms(copy, message),
        'code',
      );
    },
    sendNotice: async (to: Contact, notice: NoticeKind, locale: Locale): Promise<void> => {
      const copy = messagesFor(locale);
      await deliver(
        to,
        () => renderNoticeEmail(copy, notice),
        () => renderNoticeSms(copy, notice),
        'notice',
      );
    },
  };
};

export { createMessageCourier, MessageNotSentError };
export type { MessageCourierDeps };
