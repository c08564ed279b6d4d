// shared/domain/courier: the Courier port. Use cases → (MessageCourier) → render-message → Mailer | Texter.
// Renders in the user's language, sends by the contact's channel, and turns any provider failure into
// a DeliveryUnavailableError that holds nothing personal: SDK error messages can quote the number.
import { messagesFor } from '../../messages/index.js';
import { DeliveryUnavailableError, SmsUnavailableError } from '../errors.js';
import type { BlindIndexer, Clock, CodeMessage, Courier, Delivery, Mailer, NoticeKind, Texter } from '../ports.js';
import type { ContactBudget } from './ports.js';
import type { Channel, Contact, Locale, PhoneNumber } from '../types.js';
import { renderCodeEmail, renderCodeSms, renderNoticeEmail, renderNoticeSms } from './render-message.js';
import type { RenderedEmail } from './render-message.js';
import type { SmsBudget } from './sms-budget.js';

/** What the courier needs: one way to send each channel. */
interface MessageCourierDeps {
  readonly mailer: Mailer;
  readonly texter: Texter;
  /**
   * The per-contact message budget every message passes (the functions always give it): the contact's
   * blind index takes a slot before anything is rendered or sent.
   */
  readonly budget?: {
    readonly gate: ContactBudget;
    /** The indexer, or the promise of it (its key comes from the secret store at cold start). */
    readonly indexer: BlindIndexer | Promise<BlindIndexer>;
    readonly clock: Clock;
  };
  /**
   * The prefix and stage SMS budgets, taken before every SMS (after the contact's budget, so that a message
   * the contact's budget stops spends none of them): past either, a code answers 503 `sms_unavailable` and a
   * notice is not sent. The wiring always gives one; without it nothing is budgeted.
   */
  readonly smsBudget?: SmsBudget;
  readonly clock?: Clock;
}

const SENT: Delivery = { sent: true };

/** When a spent SMS budget frees: the prefix budget at the next hour, the stage's at the next UTC day. */
const secondsUntilBudgetFrees = (spent: 'prefix_spent' | 'stage_spent', now: Date): number => {
  const period = spent === 'prefix_spent' ? 3_600_000 : 86_400_000;
  return Math.max(1, Math.ceil((period - (now.getTime() % period)) / 1000));
};

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
  const take = async (contactIndex: string, decoy = false): Promise<Delivery> => {
    if (deps.budget === undefined) return SENT;
    const { gate, clock } = deps.budget;
    const taken = decoy
      ? await gate.takeDecoyMessage(contactIndex, clock.now())
      : await gate.takeMessage(contactIndex, clock.now());
    return taken.allowed ? SENT : { sent: false, retryAfterSeconds: taken.retryAfterSeconds };
  };

  /** Takes the budget slots, then renders before sending, so a rendering bug surfaces as itself. */
  const deliver = async (
    to: Contact,
    email: () => RenderedEmail,
    sms: () => string,
    kind: 'code' | 'notice',
    counted = true,
  ): Promise<Delivery> => {
    if (deps.budget !== undefined && counted) {
      const indexer = await deps.budget.indexer;
      const index = to.channel === 'email' ? indexer.index('email', to.email) : indexer.index('phone', to.phone);
      const taken = await take(index);
      if (!taken.sent) return taken;
    }
    if (to.channel === 'email') {
      const message = { to: to.email, ...email() };
      await attempt('email', () => deps.mailer.send(message));
    } else {
      const now = deps.clock?.now() ?? new Date();
      const budget = deps.smsBudget === undefined ? 'allowed' : await deps.smsBudget.take(to.phone, now);
      if (budget !== 'allowed') {
        if (kind === 'code') throw new SmsUnavailableError();
        return { sent: false, retryAfterSeconds: secondsUntilBudgetFrees(budget, now) };
      }
      const message = { to: to.phone, text: sms() };
      await attempt('sms', () => deps.texter.send(message));
    }
    return SENT;
  };

  return {
    ...(deps.smsBudget !== undefined && {
      assertCanText: async (phone: PhoneNumber): Promise<void> => {
        if ((await deps.smsBudget?.check(phone, deps.clock?.now() ?? new Date())) !== 'allowed') {
          throw new SmsUnavailableError();
        }
      },
    }),
    sendCode: async (to: Contact, message: CodeMessage, locale: Locale): Promise<Delivery> => {
      const copy = messagesFor(locale);
      return deliver(
        to,
        () => renderCodeEmail(copy, message),
        () => renderCodeSms(copy, message),
        'code',
      );
    },
    sendNotice: async (to: Contact, notice: NoticeKind, locale: Locale): Promise<Delivery> => {
      const copy = messagesFor(locale);
      // The erasure notice is the last message to an erased person: counting it would write a counter
      // of their contact again after erasure deleted it. One per erasure, so it needs no budget.
      return deliver(
        to,
        () => renderNoticeEmail(copy, notice),
        () => renderNoticeSms(copy, notice),
        'notice',
        notice !== 'account_erased',
      );
    },
    spendWithoutSending: (contactIndex: string) => take(contactIndex, true),
  };
};

export { createMessageCourier, MessageNotSentError };
export type { MessageCourierDeps };
