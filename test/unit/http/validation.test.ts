// test/unit/http: parseRequest turns every validation failure into 400 invalid_request whose details
// name fields in our own words and never carry a submitted secret, whatever the body.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INTEREST_IDS, LOCALES, parseAppSettings } from '../../../shared/config/settings.js';
import { InvalidRequestError, type ErrorDetail } from '../../../shared/domain/errors.js';
import { createRequestSchemas } from '../../../shared/http/schemas.js';
import {
  INVALID_REQUEST_MESSAGE,
  MAX_DETAILS,
  parseRequest,
  UNNAMED_KEY,
} from '../../../shared/http/validation.js';

const settings = parseAppSettings({ email: { fromAddress: 'no-reply@signet.test' } });
const schemas = createRequestSchemas(settings);
const ALL_SCHEMAS = [schemas.RegistrationRequest, schemas.ConfirmRequest, schemas.ResendRequest] as const;
const FIELDS = [
  'accountName',
  'password',
  'email',
  'phone',
  'channel',
  'locale',
  'preferences',
  'interests',
  'code',
];

/** What parseRequest does with a body: the output, or the error it throws. */
const outcome = (
  schema: (typeof ALL_SCHEMAS)[number],
  body: unknown,
): { data?: unknown; error?: unknown } => {
  try {
    return { data: parseRequest(schema, body) };
  } catch (error) {
    return { error };
  }
};

const detailsOf = (schema: (typeof ALL_SCHEMAS)[number], body: unknown): readonly ErrorDetail[] => {
  const { error } = outcome(schema, body);
  expect(error).toBeInstanceOf(InvalidRequestError);
  return (error as InvalidRequestError).details ?? [];
};

/** Any JSON, and objects with the real field names holding any JSON. */
const anyBody = fc.oneof(
  fc.jsonValue(),
  fc.record(Object.fromEntries(FIELDS.map((field) => [field, fc.jsonValue()])), { requiredKeys: [] }),
  fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string()), fc.jsonValue()),
);

/** A value nobody's field name or issue text can contain: letters and digits, or something non-ASCII. */
const secret = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9]{6,24}$/).filter((text) => /[0-9]/.test(text) && /[A-Za-z]/.test(text)),
  fc
    .tuple(fc.string({ maxLength: 12 }), fc.constantFrom('ü', '密', '😀', 'Ω'), fc.string({ maxLength: 12 }))
    .map((parts) => parts.join('')),
);

describe('Function: parseRequest', () => {
  it('throws InvalidRequestError: 400 invalid_request with a fixed message', () => {
    // Act
    const { error } = outcome(schemas.ResendRequest, { accountName: 'a' });

    // Assess
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({
      code: 'invalid_request',
      statusCode: 400,
      message: INVALID_REQUEST_MESSAGE,
    });
  });

  it('throws nothing but InvalidRequestError for any JSON body', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL_SCHEMAS), anyBody, (schema, body) => {
        // Act
        const { error } = outcome(schema, body);

        // Assess
        if (error !== undefined) {
          expect(error).toBeInstanceOf(InvalidRequestError);
          const details = (error as InvalidRequestError).details ?? [];
          expect(details.length).toBeGreaterThan(0);
          expect(details.length).toBeLessThanOrEqual(MAX_DETAILS);
          for (const detail of details) expect(detail.issue).not.toMatch(/received|expected|Invalid/);
        }
      }),
      { numRuns: 600 },
    );
  });

  it('never puts a submitted password, email, phone or code into the details, even in crafted keys', () => {
    fc.assert(
      fc.property(
        secret,
        secret,
        secret,
        secret,
        fc.constantFrom('email', 'sms', 'pigeon'),
        fc.subarray(['root', 'prefixed', 'upper', 'nested', 'suffixed'] as const),
        (password, localPart, phone, code, channel, crafted) => {
          // Prepare: crafted keys repeat (parts of) values submitted in the same body.
          const email = `${localPart}@example.com`;
          const keys: Record<string, unknown> = {};
          if (crafted.includes('root')) keys[password] = 1;
          if (crafted.includes('prefixed')) keys[`x${phone}`] = true;
          if (crafted.includes('upper')) keys[password.toUpperCase()] = 'y';
          if (crafted.includes('suffixed')) keys[`${localPart}_`] = null;
          const preferences = crafted.includes('nested')
            ? { [password]: true, [phone]: 1 }
            : { productUpdates: 'no' };
          const registration = { accountName: 'ada', password, email, phone, channel, preferences, ...keys };
          const confirmation = { accountName: 'ada', code, [code.toUpperCase()]: 1, [`${code}1`]: 1 };

          // Act
          const details = JSON.stringify([
            detailsOf(schemas.RegistrationRequest, registration),
            detailsOf(schemas.ConfirmRequest, confirmation),
            detailsOf(schemas.ResendRequest, {
              accountName: password,
              [password]: 1,
              [email]: email,
              [phone]: phone,
            }),
          ]).toLowerCase();

          // Assess
          for (const value of [password, email, localPart, phone, code]) {
            expect(details).not.toContain(value.toLowerCase());
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('does not echo an unknown key that shares four characters with a submitted value', () => {
    // Prepare
    const password = 'Correct-Horse-Battery-9';

    // Act
    const details = detailsOf(schemas.RegistrationRequest, {
      accountName: 'ada',
      password,
      channel: 'email',
      email: 'ada@example.com',
      [password]: true,
      CorrectHorse: 1,
      favouriteColour: 'blue',
    });

    // Assess
    expect(details).toEqual([
      { field: UNNAMED_KEY, issue: 'is not allowed' },
      { field: 'favouriteColour', issue: 'is not allowed' },
    ]);
  });

  it('does not echo unknown keys that do not look like field names', () => {
    // Act
    const details = detailsOf(schemas.ResendRequest, {
      accountName: 'ada',
      'ada@example.com': 1,
      'two words': 1,
      'a.b': 1,
      ['k'.repeat(65)]: 1,
    });

    // Assess
    expect(details).toEqual([{ field: UNNAMED_KEY, issue: 'is not allowed' }]);
  });

  it('still names unknown keys that only share public words with the body', () => {
    // Act
    const details = detailsOf(schemas.RegistrationRequest, {
      accountName: 'ada',
      password: 'tulip orbit canvas lantern',
      channel: 'email',
      email: 'ada@example.com',
      emailAddress: 'ada@example.com',
    });

    // Assess
    expect(details).toEqual([{ field: 'emailAddress', issue: 'is not allowed' }]);
  });

  it(`gives at most ${MAX_DETAILS} details`, () => {
    // Prepare
    const body = Object.fromEntries(Array.from({ length: 200 }, (_, index) => [`extra${index}`, index]));

    // Act
    const details = detailsOf(schemas.ResendRequest, { accountName: 'ada', ...body });

    // Assess
    expect(details).toHaveLength(MAX_DETAILS);
  });

  it('survives a deeply nested body', () => {
    // Prepare
    let nested: unknown = 'leaf';
    for (let depth = 0; depth < 20_000; depth += 1) nested = [nested];

    // Act
    const details = detailsOf(schemas.ResendRequest, { accountName: 'ada', deep: nested });

    // Assess
    expect(details).toEqual([{ field: 'deep', issue: 'is not allowed' }]);
  });
});

/** ASCII `text` in full-width forms (U+FF01..U+FF5E), which NFKC maps back. */
const fullWidth = (text: string): string =>
  text.replace(/[\x21-\x7e]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0));

/** A form of `text` a person might type: other case, full width, surrounding spaces. */
const typed = (text: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(text, fc.constantFrom('as-is', 'upper', 'full-width'), fc.constantFrom('', ' ', '\t', '\u3000'))
    .map(([value, form, pad]) => {
      const shaped =
        form === 'upper' ? value.toUpperCase() : form === 'full-width' ? fullWidth(value) : value;
      return `${pad}${shaped}${pad}`;
    });

const accountName = fc.stringMatching(/^[a-z0-9._-]{3,32}$/);
const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/);
const emailAddress = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9+_-]{1,10}(?:\.[a-z0-9+_-]{1,10}){0,2}$/),
    fc.array(label, { minLength: 1, maxLength: 3 }),
    fc.stringMatching(/^[a-z]{2,6}$/),
  )
  .map(([local, labels, tld]) => `${local}@${[...labels, tld].join('.')}`);
const phone = fc.constantFrom(
  '+44 7400 123456',
  '07400 123456',
  '+447400123456',
  '020 7946 0958',
  '+1 201-555-0123',
  '+49 1512 3456789',
  '+86 138 0013 8000',
  '０７４００ １２３４５６',
);

const validRegistration = fc
  .record(
    {
      accountName: typed(accountName),
      password: fc.string({ unit: 'grapheme', maxLength: 300 }),
      email: typed(emailAddress),
      phone,
      channel: fc.constantFrom('email', 'sms'),
      locale: fc.constantFrom(...LOCALES),
      preferences: fc.record(
        { marketingEmails: fc.boolean(), productUpdates: fc.boolean(), smsNotifications: fc.boolean() },
        { requiredKeys: [] },
      ),
      interests: fc.shuffledSubarray([...INTEREST_IDS]),
    },
    { requiredKeys: ['accountName', 'password', 'email', 'phone', 'channel'] },
  )
  .chain((body) =>
    // The contact the channel does not name may be left out.
    fc.boolean().map((keepOther) => {
      if (keepOther) return body;
      const { email, phone: number, ...rest } = body;
      return body.channel === 'email' ? { ...rest, email } : { ...rest, phone: number };
    }),
  );

describe('Property: valid registrations', () => {
  it('always parse, come out normalized, and normalize to themselves again', () => {
    fc.assert(
      fc.property(validRegistration, (body) => {
        // Act
        const once = parseRequest(schemas.RegistrationRequest, body);
        const twice = parseRequest(schemas.RegistrationRequest, once);

        // Assess
        expect(once.accountName).toMatch(/^[a-z0-9._-]{3,32}$/);
        expect(once.password).toBe(body.password.normalize('NFKC'));
        if (once.email !== undefined)
          expect(once.email).toBe(once.email.trim().normalize('NFKC').toLowerCase());
        if (once.phone !== undefined) expect(once.phone).toMatch(/^\+[1-9]\d{6,14}$/);
        expect(once.channel === 'email' ? once.email : once.phone).toBeDefined();
        expect(twice).toEqual(once);
      }),
      { numRuns: 400 },
    );
  });
});
