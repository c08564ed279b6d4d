// shared/domain/contact: the masked form of a contact that answers may show (`destination`), e.g.
// `j***@e***.com` or `+44 **** ***123`. Enough for a user to recognise their own address, too little
// to learn someone else's: at most one character of each email part, at most three phone digits.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Contact, EmailAddress, PhoneNumber } from '../types.js';

const STARS = '***';

/** First user-perceived character (code point), so a non-ASCII first letter is not split. */
const firstChar = (text: string): string => Array.from(text)[0] ?? '';

/** `john@mail.example.co.uk` → `j***@m***.uk`: first of the local part, first of the domain, last label. */
const maskEmail = (email: EmailAddress): string => {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const labels = email.slice(at + 1).split('.');
  const first = labels[0] ?? '';
  const last = labels.length > 1 ? `.${labels[labels.length - 1] ?? ''}` : '';
  return `${firstChar(local)}${STARS}@${firstChar(first)}${STARS}${last}`;
};

/**
 * Masks a national number, keeping its last three digits (fewer for numbers under seven digits, so
 * most of a short number is never shown) and grouping as `**** ***123`: the last group is three stars
 * and the visible digits, the stars before it form the first group.
 */
const maskNationalNumber = (digits: string): string => {
  const visible = digits.length >= 7 ? 3 : Math.max(0, digits.length - 4);
  const shown = digits.slice(digits.length - visible);
  const hidden = digits.length - visible;
  const tailStars = Math.min(3, hidden);
  const head = '*'.repeat(hidden - tailStars);
  const tail = `${'*'.repeat(tailStars)}${shown}`;
  return head === '' ? tail : `${head} ${tail}`;
};

/** `+447700900123` → `+44 **** ***123`. */
const maskPhone = (phone: PhoneNumber): string => {
  const parsed = parsePhoneNumberFromString(phone);
  if (parsed === undefined) {
    // Not expected (numbers are validated at the edge); mask every digit but the last three.
    return `+${maskNationalNumber(phone.replace(/\D/g, ''))}`;
  }
  return `+${parsed.countryCallingCode} ${maskNationalNumber(parsed.nationalNumber)}`;
};

/**
 * The contact as it may be shown back to the user.
 *
 * @example
 * maskContact({ channel: 'email', email }) // 'j***@m***.uk' for john@mail.example.co.uk
 * maskContact({ channel: 'sms', phone })   // '+44 **** ***123' for +447700900123
 */
const maskContact = (contact: Contact): string =>
  contact.channel === 'email' ? maskEmail(contact.email) : maskPhone(contact.phone);

export { maskContact };
