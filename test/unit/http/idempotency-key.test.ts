// test/unit/http: the Idempotency-Key header's rules (1 to 255 visible ASCII characters).
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../../shared/domain/errors.js';
import { parseIdempotencyKey } from '../../../shared/http/idempotency-key.js';

const rejection = (header: string): unknown => {
  try {
    parseIdempotencyKey(header);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('Function: parseIdempotencyKey', () => {
  it('takes no header as no key', () => {
    // Act & Assess
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
  });

  it('takes 1 to 255 visible ASCII characters as they are', () => {
    // Prepare
    const longest = Array.from({ length: 255 }, (_, i) => String.fromCharCode(0x21 + (i % 94))).join('');

    // Act & Assess
    expect(parseIdempotencyKey('k')).toBe('k');
    expect(parseIdempotencyKey('7c1e9a52-2f4b-4f0e-9d3a-0b6c1f2e8a47')).toBe(
      '7c1e9a52-2f4b-4f0e-9d3a-0b6c1f2e8a47',
    );
    expect(parseIdempotencyKey(longest)).toBe(longest);
    expect(parseIdempotencyKey('!~')).toBe('!~');
  });

  it.each([
    ['empty', ''],
    ['256 characters', 'a'.repeat(256)],
    ['a space', 'a b'],
    ['a tab', 'a\tb'],
    ['DEL (0x7F)', 'a\x7Fb'],
    ['a control character', 'a\x01b'],
    ['a Latin-1 letter', 'caf\u00e9'],
    ['a CJK character', '\u952e'],
  ])(
    'refuses a key that is %s with 400 invalid_request naming Idempotency-Key, never quoting it',
    (_case, header) => {
      // Act
      const error = rejection(header);

      // Assess
      expect(error).toBeInstanceOf(InvalidRequestError);
      const body = (error as InvalidRequestError).toJSON();
      expect(body.error).toBe('invalid_request');
      expect(body.details).toEqual([{ field: 'Idempotency-Key', issue: expect.any(String) }]);
      if (header.length > 1) expect(JSON.stringify(body)).not.toContain(header);
    },
  );
});
