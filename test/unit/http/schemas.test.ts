// test/unit/http: the v1 request schemas normalize once and refuse anything outside the contract,
// naming the field and never the value; the response schemas accept what the routes answer.
import { describe, expect, it } from 'vitest';
import { INTEREST_IDS, parseAppSettings } from '../../../shared/config/settings.js';
import { InvalidRequestError, type ErrorDetail } from '../../../shared/domain/errors.js';
import {
  ConfirmResponseSchema,
  createRequestSchemas,
  ErrorResponseSchema,
  ISSUES,
  RegistrationAcceptedSchema,
  REQUEST_EXAMPLES,
  ResendAcceptedSchema,
} from '../../../shared/http/schemas.js';
import { parseRequest } from '../../../shared/http/validation.js';

const settings = parseAppSettings({ email: { fromAddress: 'no-reply@signet.test' } });
const { RegistrationRequest, ConfirmRequest, ResendRequest } = createRequestSchemas(settings);

const valid = {
  accountName: 'ada.lovelace',
  password: 'tulip orbit canvas lantern',
  channel: 'email',
  email: 'ada@example.com',
};

/** The details of the InvalidRequestError a body is refused with. */
const refusal = (schema: Parameters<typeof parseRequest>[0], body: unknown): readonly ErrorDetail[] => {
  try {
    parseRequest(schema, body);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return (error as InvalidRequestError).details ?? [];
  }
  throw new Error('Expected the body to be refused');
};

describe('Function: createRequestSchemas', () => {
  describe('RegistrationRequest', () => {
    it('normalizes the account name: trimmed, NFKC (full width), lower case', () => {
      // Act
      const registration = parseRequest(RegistrationRequest, {
        ...valid,
        accountName: '  ＡＤＡ.Ｌｏｖｅｌａｃｅ_1815 ',
      });

      // Assess
      expect(registration.accountName).toBe('ada.lovelace_1815');
    });

    it('normalizes the email: trimmed, NFKC, lower case', () => {
      // Act
      const upper = parseRequest(RegistrationRequest, { ...valid, email: ' Ada.Lovelace@EXAMPLE.com ' });
      const wide = parseRequest(RegistrationRequest, { ...valid, email: 'ａｄａ＠ｅｘａｍｐｌｅ．ｃｏｍ' });

      // Assess
      expect(upper.email).toBe('ada.lovelace@example.com');
      expect(wide.email).toBe('ada@example.com');
    });

    it.each([
      ['+44 7400 123456', '+447400123456'],
      ['07400 123456', '+447400123456'],
      ['+1 (201) 555-0123', '+12015550123'],
    ])('reads the phone %j as E.164 %s (default region GB)', (phone, expected) => {
      // Act
      const registration = parseRequest(RegistrationRequest, {
        ...valid,
        channel: 'sms',
        email: undefined,
        phone,
      });

      // Assess
      expect(registration.phone).toBe(expected);
    });

    it('reads national numbers in the configured default region', () => {
      // Prepare
      const us = createRequestSchemas(parseAppSettings({ ...settings, defaultPhoneRegion: 'US' }));

      // Act
      const registration = parseRequest(us.RegistrationRequest, {
        ...valid,
        channel: 'sms',
        phone: '(201) 555-0123',
      });

      // Assess
      expect(registration.phone).toBe('+12015550123');
    });

    it("refuses numbers that are not valid, such as the UK's drama range +44 7700 900123", () => {
      // Act
      const details = refusal(RegistrationRequest, { ...valid, channel: 'sms', phone: '+44 7700 900123' });

      // Assess
      expect(details).toEqual([{ field: 'phone', issue: 'is not a valid phone number' }]);
    });

    it('refuses a phone outside sms.allowedCountries on either channel, naming phone and not the number', () => {
      // Act
      const bySms = refusal(RegistrationRequest, { ...valid, channel: 'sms', phone: '+61491570156' });
      const byEmail = refusal(RegistrationRequest, { ...valid, channel: 'email', phone: '+61491570156' });

      // Assess
      const expected = [{ field: 'phone', issue: ISSUES.phoneCountryNotAllowed }];
      expect(bySms).toEqual(expected);
      expect(byEmail).toEqual(expected);
      expect(JSON.stringify(byEmail)).not.toContain('491570156');
    });

    it('outputs the NFKC form of the password and leaves its rules to the policy', () => {
      // Act
      const wide = parseRequest(RegistrationRequest, { ...valid, password: 'ｔｕｌｉｐ ｏｒｂｉｔ' });
      const short = parseRequest(RegistrationRequest, { ...valid, password: 'x' });
      const long = parseRequest(RegistrationRequest, { ...valid, password: 'y'.repeat(300) });
      const common = parseRequest(RegistrationRequest, { ...valid, password: 'password' });

      // Assess
      expect(wide.password).toBe('tulip orbit');
      expect(short.password).toBe('x');
      expect(long.password).toHaveLength(300);
      expect(common.password).toBe('password');
    });

    it('outputs exactly the Registration fields, defaulting locale to en', () => {
      // Act
      const minimal = parseRequest(RegistrationRequest, valid);
      const full = parseRequest(RegistrationRequest, {
        ...valid,
        phone: '07400 123456',
        locale: 'zh-CN',
        preferences: { marketingEmails: false, productUpdates: true },
        interests: ['science', 'books'],
      });

      // Assess
      expect(minimal).toEqual({
        accountName: 'ada.lovelace',
        password: 'tulip orbit canvas lantern',
        channel: 'email',
        email: 'ada@example.com',
        locale: 'en',
      });
      expect(Object.keys(minimal).sort()).toEqual(['accountName', 'channel', 'email', 'locale', 'password']);
      expect(full).toEqual({
        accountName: 'ada.lovelace',
        password: 'tulip orbit canvas lantern',
        channel: 'email',
        email: 'ada@example.com',
        phone: '+447400123456',
        locale: 'zh-CN',
        preferences: { marketingEmails: false, productUpdates: true },
        interests: ['science', 'books'],
      });
    });

    it('accepts every interest id once', () => {
      // Act
      const registration = parseRequest(RegistrationRequest, { ...valid, interests: [...INTEREST_IDS] });

      // Assess
      expect(registration.interests).toEqual(INTEREST_IDS);
    });

    it('requires the contact named by the channel, and only that one', () => {
      // Act
      const noEmail = refusal(RegistrationRequest, { ...valid, email: undefined, phone: '07400 123456' });
      const noPhone = refusal(RegistrationRequest, { ...valid, channel: 'sms', email: 'ada@example.com' });
      const emailOnly = parseRequest(RegistrationRequest, valid);

      // Assess
      expect(noEmail).toEqual([{ field: 'email', issue: 'is required when channel is email' }]);
      expect(noPhone).toEqual([{ field: 'phone', issue: 'is required when channel is sms' }]);
      expect(emailOnly.phone).toBeUndefined();
    });

    it('checks the other contact too when it is given', () => {
      // Act
      const details = refusal(RegistrationRequest, { ...valid, phone: '12' });

      // Assess
      expect(details).toEqual([{ field: 'phone', issue: 'is not a valid phone number' }]);
    });

    it.each([
      ['a missing account name', { accountName: undefined }, 'accountName', 'is required'],
      ['a short account name', { accountName: 'ab' }, 'accountName', 'must be 3 to 32 of a-z 0-9 . _ -'],
      [
        'a long account name',
        { accountName: 'a'.repeat(33) },
        'accountName',
        'must be 3 to 32 of a-z 0-9 . _ -',
      ],
      [
        'an account name with a space',
        { accountName: 'ada lovelace' },
        'accountName',
        'must be 3 to 32 of a-z 0-9 . _ -',
      ],
      [
        'an absurd account name',
        { accountName: 'a'.repeat(129) },
        'accountName',
        'must have at most 128 characters',
      ],
      ['a numeric account name', { accountName: 42 }, 'accountName', 'must be a string'],
      ['a missing password', { password: undefined }, 'password', 'is required'],
      ['a numeric password', { password: 123456789012345 }, 'password', 'must be a string'],
      [
        'a password with a lone surrogate',
        { password: 'tulip orbit \ud800 lantern' },
        'password',
        'must be well-formed Unicode text',
      ],
      ['an absurd password', { password: 'p'.repeat(4097) }, 'password', 'must have at most 4096 characters'],
      ['an email without @', { email: 'ada.example.com' }, 'email', 'is not a valid email address'],
      [
        'an email without a dot in the domain',
        { email: 'ada@example' },
        'email',
        'is not a valid email address',
      ],
      [
        'an email with a space',
        { email: 'ada lovelace@example.com' },
        'email',
        'is not a valid email address',
      ],
      ['a null email', { email: null }, 'email', 'must be a string'],
      ['a missing channel', { channel: undefined }, 'channel', 'is required'],
      ['an unknown channel', { channel: 'pigeon' }, 'channel', 'must be one of: email, sms'],
      ['an unknown locale', { locale: 'fr' }, 'locale', 'must be one of: en, zh-CN'],
      [
        'a non-boolean preference',
        { preferences: { marketingEmails: 'yes' } },
        'preferences.marketingEmails',
        'must be true or false',
      ],
      ['preferences as an array', { preferences: [] }, 'preferences', 'must be an object'],
      [
        'an unknown interest',
        { interests: ['art', 'knitting'] },
        'interests.1',
        expect.stringMatching(/^must be one of: art, books/),
      ],
      [
        'a repeated interest',
        { interests: ['art', 'books', 'art'] },
        'interests',
        'must not list an interest twice',
      ],
      ['interests as a string', { interests: 'art' }, 'interests', 'must be an array'],
    ])('refuses %s with 400 invalid_request naming the field', (_case, change, field, issue) => {
      // Act
      const details = refusal(RegistrationRequest, { ...valid, ...change });

      // Assess
      expect(details).toEqual([{ field, issue }]);
    });

    it('refuses more interests than there are ids', () => {
      // Act
      const details = refusal(RegistrationRequest, { ...valid, interests: [...INTEREST_IDS, 'art'] });

      // Assess
      expect(details).toContainEqual({
        field: 'interests',
        issue: `must have at most ${INTEREST_IDS.length} items`,
      });
    });

    it('refuses unknown keys at the root and nested, naming each', () => {
      // Act
      const details = refusal(RegistrationRequest, {
        ...valid,
        isAdmin: true,
        role: 'owner',
        preferences: { productUpdates: true, darkMode: true },
      });

      // Assess
      expect(details).toEqual(
        expect.arrayContaining([
          { field: 'isAdmin', issue: 'is not allowed' },
          { field: 'role', issue: 'is not allowed' },
          { field: 'preferences.darkMode', issue: 'is not allowed' },
        ]),
      );
      expect(details).toHaveLength(3);
    });

    it('refuses a __proto__ key rather than dropping it', () => {
      // Act
      const details = refusal(
        RegistrationRequest,
        JSON.parse(`{"__proto__": {"isAdmin": true}, ${JSON.stringify(valid).slice(1)}`),
      );

      // Assess
      expect(details).toEqual([{ field: '__proto__', issue: 'is not allowed' }]);
    });

    it('names every problem of a body in one answer', () => {
      // Act
      const details = refusal(RegistrationRequest, {
        accountName: 'a',
        password: 5,
        channel: 'sms',
        extra: 1,
      });

      // Assess
      expect(details).toEqual(
        expect.arrayContaining([
          { field: 'accountName', issue: 'must be 3 to 32 of a-z 0-9 . _ -' },
          { field: 'password', issue: 'must be a string' },
          { field: 'phone', issue: 'is required when channel is sms' },
          { field: 'extra', issue: 'is not allowed' },
        ]),
      );
    });

    it.each([[null], [[]], ['text'], [42], [undefined]])('refuses the body %j as a whole', (body) => {
      // Act
      const details = refusal(RegistrationRequest, body);

      // Assess
      expect(details).toEqual([{ field: '(body)', issue: 'must be a JSON object' }]);
    });
  });

  describe('ConfirmRequest', () => {
    it.each([
      ['123456', '123456'],
      ['123 456', '123456'],
      ['123-456', '123456'],
      [' １２３\u3000４５６ ', '123456'],
      ['12\u2013 34\u00a056', '123456'],
    ])('reads the code %j as %s', (code, expected) => {
      // Act
      const input = parseRequest(ConfirmRequest, { accountName: 'ＡＤＡ', code });

      // Assess
      expect(input).toEqual({ accountName: 'ada', code: expected });
    });

    it('leaves judging the code to the domain', () => {
      // Act
      const input = parseRequest(ConfirmRequest, { accountName: 'ada', code: 'not a code' });

      // Assess
      expect(input.code).toBe('notacode');
    });

    it.each([
      ['a code over 32 characters', { code: '1'.repeat(33) }, 'code', 'must have at most 32 characters'],
      ['a numeric code', { code: 123456 }, 'code', 'must be a string'],
      ['a missing code', { code: undefined }, 'code', 'is required'],
      ['a bad account name', { accountName: 'a!' }, 'accountName', 'must be 3 to 32 of a-z 0-9 . _ -'],
      ['an unknown key', { remember: true }, 'remember', 'is not allowed'],
    ])('refuses %s', (_case, change, field, issue) => {
      // Act
      const details = refusal(ConfirmRequest, { accountName: 'ada', code: '123456', ...change });

      // Assess
      expect(details).toEqual([{ field, issue }]);
    });
  });

  describe('ResendRequest', () => {
    it('normalizes the account name', () => {
      // Act
      const input = parseRequest(ResendRequest, { accountName: ' Ada.Lovelace ' });

      // Assess
      expect(input).toEqual({ accountName: 'ada.lovelace' });
    });

    it.each([
      [{}, 'accountName', 'is required'],
      [{ accountName: 'ada', channel: 'sms' }, 'channel', 'is not allowed'],
    ])('refuses %j', (body, field, issue) => {
      // Act
      const details = refusal(ResendRequest, body);

      // Assess
      expect(details).toEqual([{ field, issue }]);
    });
  });

  it('parses each documented request example', () => {
    // Act
    const parsed = [
      RegistrationRequest.safeParse(REQUEST_EXAMPLES.RegistrationRequest).success,
      ConfirmRequest.safeParse(REQUEST_EXAMPLES.ConfirmRequest).success,
      ResendRequest.safeParse(REQUEST_EXAMPLES.ResendRequest).success,
    ];

    // Assess
    expect(parsed).toEqual([true, true, true]);
  });
});

describe('Response schemas', () => {
  it('accept the bodies the routes answer and refuse extra fields', () => {
    // Prepare
    const accepted = {
      accountName: 'ada',
      channel: 'email',
      destination: 'a***@e***.com',
      expiresAt: '2026-11-01T12:10:00.000Z',
    };

    // Act
    const results = [
      RegistrationAcceptedSchema.safeParse(accepted).success,
      RegistrationAcceptedSchema.safeParse({ ...accepted, email: 'ada@example.com' }).success,
      ConfirmResponseSchema.safeParse({ status: 'active' }).success,
      ResendAcceptedSchema.safeParse({ status: 'accepted' }).success,
      ErrorResponseSchema.safeParse(new InvalidRequestError('x', [{ field: 'a', issue: 'b' }]).toJSON())
        .success,
    ];

    // Assess
    expect(results).toEqual([true, false, true, true, true]);
  });
});
