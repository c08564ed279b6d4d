// shared/domain/contact: the phone-number rule. shared/http/schemas.ts applies it at the edge, so
// every PhoneNumber inside the system is a valid E.164 number (and blind indexes of it agree).
import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';
import type { PhoneNumber } from '../types.js';

/** Longer input is not a phone number, however it is punctuated. */
const MAX_PHONE_INPUT_LENGTH = 64;

/**
 * Parses a phone number with libphonenumber-js and gives its E.164 form. NFKC first (full-width
 * digits become ASCII); a number without a country code is read in `defaultRegion` (ISO 3166-1
 * alpha-2, from settings.defaultPhoneRegion). Accepted only when libphonenumber-js says the number
 * is valid (`isValid()`: right length and number pattern for its country) and it has no extension,
 * since a text message cannot reach one. Note that ranges reserved for fiction, such as the UK's
 * 07700 900xxx, are not valid numbers.
 *
 * @example normalizePhone('07911 123456', 'GB') // '+447911123456'
 * @returns the E.164 number, or `undefined` when the input is not a valid number.
 */
const normalizePhone = (raw: string, defaultRegion: string): PhoneNumber | undefined => {
  const text = raw.normalize('NFKC').trim();
  if (text.length === 0 || text.length > MAX_PHONE_INPUT_LENGTH) return undefined;
  const parsed = isSupportedCountry(defaultRegion)
    ? parsePhoneNumberFromString(text, { defaultCountry: defaultRegion })
    : parsePhoneNumberFromString(text);
  if (parsed === undefined || !parsed.isValid() || parsed.ext !== undefined) return undefined;
  return parsed.number as PhoneNumber;
};

/** The ISO 3166-1 alpha-2 country of a normalized number (e.g. to check sms.allowedCountries). */
const phoneRegion = (phone: PhoneNumber): string | undefined => parsePhoneNumberFromString(phone)?.country;

export { MAX_PHONE_INPUT_LENGTH, normalizePhone, phoneRegion };
