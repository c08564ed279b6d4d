// shared/messages: English copy of every code and notice. Plain text only: the courier escapes it
// for HTML. SMS texts stay in the GSM-7 alphabet and within one 160-character segment.
import type { MessageCatalogue } from './catalogue.js';

const neverShare =
  'Signet will never ask you for this code by phone, email or chat. Do not share it with anyone.';
const worksOnce = 'The code works once, for {minutes} minutes.';

const en = {
  htmlLang: 'en',
  signature: 'The Signet team',
  footer: 'This message was sent automatically; replies are not read.',
  codes: {
    registration: {
      email: {
        subject: 'Your Signet verification code',
        intro: ['Use this code to finish creating your Signet account:'],
        outro: [
          'This code finishes creating the account {account}. If that is not the account you are creating, do not use it.',
          worksOnce,
          neverShare,
          'If you did not try to create a Signet account, ignore this email: no account is created without the code.',
        ],
      },
      sms: 'Signet code: {code} to finish creating the account {account}. Valid {minutes} min. Never share it.',
    },
    password_reset: {
      email: {
        subject: 'Your Signet password reset code',
        intro: ['Use this code to reset your Signet password:'],
        outro: [
          worksOnce,
          neverShare,
          'If you did not ask to reset your password, ignore this email: your password stays as it is.',
        ],
      },
      sms: 'Signet password reset code: {code}. Valid {minutes} min. Never share it.',
    },
    contact_change: {
      email: {
        subject: 'Confirm your new Signet email address',
        intro: ['Use this code to confirm this email address for your Signet account:'],
        outro: [
          worksOnce,
          neverShare,
          'If you did not ask to change your contact details, ignore this email: this address is not added without the code.',
        ],
      },
      sms: 'Signet code: {code} to confirm this number. Valid {minutes} min. Never share it.',
    },
  },
  notices: {
    registration_attempt: {
      email: {
        subject: 'Someone tried to register with your email address',
        paragraphs: [
          'Someone, perhaps you, tried to create a Signet account with this email address. It is already in use, so no new account was created.',
          'If it was you, sign in to your account, or reset your password if you have forgotten it.',
          'If it was not you, ignore this email. Nothing has changed.',
        ],
      },
      sms: 'Signet: someone, perhaps you, tried to register with this number. If it was you, sign in or reset your password. If not, ignore this.',
    },
    password_changed: {
      email: {
        subject: 'Your Signet password was changed',
        paragraphs: [
          'The password of your Signet account was just changed.',
          'If you did this, there is nothing more to do.',
          'If you did not, reset your password straight away: someone else may know it.',
        ],
      },
      sms: 'Signet: your password was changed. If this was not you, reset your password now.',
    },
    contact_changed: {
      email: {
        subject: 'Your Signet contact details were changed',
        paragraphs: [
          'The email address or phone number of your Signet account was just changed. Codes and notices now go to the new one.',
          'If you did this, there is nothing more to do.',
          'If you did not, reset your password straight away and contact Signet support.',
        ],
      },
      sms: 'Signet: your account contact details were changed. If this was not you, reset your password now and contact support.',
    },
    account_erased: {
      email: {
        subject: 'Your Signet account was erased',
        paragraphs: [
          'Your Signet account and the personal data it held have been erased.',
          'This is the last message we send to this address.',
          'If you did not ask for this, contact Signet support straight away.',
        ],
      },
      sms: 'Signet: your account and its data have been erased. This is our last message to this number.',
    },
    session_revoked: {
      email: {
        subject: 'A Signet session was ended for your safety',
        paragraphs: [
          'One of the sessions of your Signet account was just ended: the same sign-in was used from two places, which happens when someone else has a copy of it.',
          'You may need to sign in again in that app.',
          'If you did not expect this, change your password and sign out everywhere.',
        ],
      },
      sms: 'Signet: a session of your account was ended for safety. If unexpected, change your password and sign out everywhere.',
    },
  },
} as const satisfies MessageCatalogue;

export { en };
