// test/unit/http: the owner's request schemas: registration's field rules, strictness, and the
// one-of rules of a contact change and a profile patch, answered in our own words.
import { describe, expect, it } from 'vitest';
import { parseAppSettings } from '../../../shared/config/settings.js';
import { InvalidRequestError } from '../../../shared/domain/errors.js';
import {
  createOwnerRequestSchemas,
  ISSUES,
  OWNER_ISSUES,
  OWNER_REQUEST_EXAMPLES,
} from '../../../shared/http/schemas.js';
import { parseRequest } from '../../../shared/http/validation.js';

const settings = parseAppSettings({ email: { fromAddress: 'no-reply@signet.test' } });
const schemas = createOwnerRequestSchemas(settings);

/** The details of the 400 a body is refused with. */
const refusal = (attempt: () => unknown) => {
  try {
    attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return (error as InvalidRequestError).details;
  }
  throw new Error('expected the body to be refused');
};

describe('Function: createOwnerRequestSchemas', () => {
  it('accepts every documented example', () => {
    for (const [name, example] of Object.entries(OWNER_REQUEST_EXAMPLES)) {
      // Act
      const result = schemas[name as keyof typeof schemas].safeParse(example);

      // Assess
      expect(result.success, name).toBe(true);
    }
  });

  describe('ProfilePatchRequest', () => {
    it('takes any of preferences, interests and locale', () => {
      // Act
      const patch = parseRequest(schemas.ProfilePatchRequest, { interests: ['art'] });

      // Assess
      expect(patch).toEqual({ interests: ['art'] });
    });

    it('refuses an empty patch, unknown keys, and what registration refuses', () => {
      // Act
      const empty = refusal(() => parseRequest(schemas.ProfilePatchRequest, {}));
      const unknown = refusal(() =>
        parseRequest(schemas.ProfilePatchRequest, { locale: 'en', email: 'x@example.com' }),
      );
      const invalid = refusal(() =>
        parseRequest(schemas.ProfilePatchRequest, { interests: ['art', 'art'], preferences: { spam: true } }),
      );

      // Assess
      expect(empty).toEqual([{ field: '(body)', issue: OWNER_ISSUES.atLeastOneField }]);
      expect(unknown).toEqual([{ field: 'email', issue: 'is not allowed' }]);
      expect(invalid).toEqual(
        expect.arrayContaining([
          { field: 'interests', issue: 'must not list an interest twice' },
          { field: 'preferences.spam', issue: 'is not allowed' },
        ]),
      );
    });
  });

  describe('ContactChangeRequest', () => {
    it('normalizes the new email as registration does', () => {
      // Act
      const input = parseRequest(schemas.ContactChangeRequest, {
        email: '  Ada.New@EXAMPLE.com ',
        currentPassword: 'tulip orbit canvas lantern',
      });

      // Assess
      expect(input).toEqual({
        contact: { channel: 'email', email: 'ada.new@example.com' },
        currentPassword: 'tulip orbit canvas lantern',
      });
    });

    it('stores a phone as E.164', () => {
      // Act
      const input = parseRequest(schemas.ContactChangeRequest, {
        phone: '07400 123456',
        currentPassword: 'pw',
      });

      // Assess
      expect(input.contact).toEqual({ channel: 'sms', phone: '+447400123456' });
    });

    it('wants exactly one contact, and the current password', () => {
      // Act
      const both = refusal(() =>
        parseRequest(schemas.ContactChangeRequest, {
          email: 'a@example.com',
          phone: '+447400123456',
          currentPassword: 'pw',
        }),
      );
      const none = refusal(() => parseRequest(schemas.ContactChangeRequest, { email: 'a@example.com' }));

      // Assess
      expect(both).toEqual([{ field: '(body)', issue: OWNER_ISSUES.exactlyOneContact }]);
      expect(none).toEqual([{ field: 'currentPassword', issue: 'is required' }]);
    });

    it('refuses a phone of a country outside sms.allowedCountries, without echoing it', () => {
      // Act
      const details = refusal(() =>
        parseRequest(schemas.ContactChangeRequest, { phone: '+61 412 345 678', currentPassword: 'pw' }),
      );

      // Assess
      expect(details).toEqual([{ field: 'phone', issue: ISSUES.phoneCountryNotAllowed }]);
    });
  });

  describe('ContactConfirmRequest and EraseRequest', () => {
    it('read a code as registration does, and want the current password to erase', () => {
      // Act
      const confirm = parseRequest(schemas.ContactConfirmRequest, { code: '123-456' });
      const erase = refusal(() => parseRequest(schemas.EraseRequest, {}));

      // Assess
      expect(confirm).toEqual({ code: '123456' });
      expect(erase).toEqual([{ field: 'currentPassword', issue: 'is required' }]);
    });
  });
});
