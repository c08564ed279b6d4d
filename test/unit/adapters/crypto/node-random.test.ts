// test/unit/adapters/crypto: the CSPRNG adapter behind one-time codes, ids and IVs.
import { describe, expect, it } from 'vitest';
import { nodeRandom } from '../../../../shared/adapters/crypto/node-random.js';

describe('Function: nodeRandom', () => {
  describe('Method: bytes', () => {
    it('returns the number of bytes asked for, different each time', () => {
      // Prepare
      const length = 32;

      // Act
      const first = nodeRandom.bytes(length);
      const second = nodeRandom.bytes(length);

      // Assess
      expect(first).toBeInstanceOf(Uint8Array);
      expect(first.byteLength).toBe(length);
      expect(Buffer.from(first).equals(Buffer.from(second))).toBe(false);
    });

    it('refuses a negative or fractional length', () => {
      // Act & Assess
      expect(() => nodeRandom.bytes(-1)).toThrow(RangeError);
      expect(() => nodeRandom.bytes(1.5)).toThrow(RangeError);
    });
  });

  describe('Method: digits', () => {
    it('always returns exactly n characters, each a decimal digit', () => {
      // Prepare
      const lengths = [1, 6, 8, 12];

      // Act
      const codes = lengths.flatMap((n) =>
        Array.from({ length: 500 }, () => ({ n, code: nodeRandom.digits(n) })),
      );

      // Assess
      for (const { n, code } of codes) {
        expect(code).toMatch(new RegExp(`^[0-9]{${n}}$`));
      }
    });

    it('keeps leading zeros, so every code of the length can occur', () => {
      // Prepare
      const samples = 2000;

      // Act
      const codes = Array.from({ length: samples }, () => nodeRandom.digits(2));

      // Assess: P(no leading zero in 2000 draws) = 0.9^2000, effectively zero.
      expect(codes.some((code) => code.startsWith('0'))).toBe(true);
    });

    it('draws each digit uniformly (a modulo-biased generator fails this)', () => {
      // Prepare: 300,000 digits. A `byte % 10` generator gives digits 0-5 26/256 each and 6-9 25/256, so
      // 0-5 together get 60.94% instead of 60%: +2,812 on the 180,000 expected, against a standard
      // deviation of ~268 for a fair generator. The 1,400 threshold sits over 5 sigma from both.
      const samples = 50_000;
      const counts = new Array<number>(10).fill(0);

      // Act
      for (let i = 0; i < samples; i += 1) {
        for (const digit of nodeRandom.digits(6)) counts[Number(digit)] = (counts[Number(digit)] ?? 0) + 1;
      }

      // Assess
      const total = counts.reduce((sum, count) => sum + count, 0);
      const low = counts.slice(0, 6).reduce((sum, count) => sum + count, 0);
      const expectedLow = total * 0.6;
      const chiSquare = counts.reduce((sum, count) => sum + (count - total / 10) ** 2 / (total / 10), 0);
      expect(total).toBe(300_000);
      expect(Math.abs(low - expectedLow)).toBeLessThan(1_400);
      // 9 degrees of freedom: P(chi-square > 40) is about 7e-6 for a uniform source.
      expect(chiSquare).toBeLessThan(40);
    });

    it('refuses a length below 1 or above 64', () => {
      // Act & Assess
      expect(() => nodeRandom.digits(0)).toThrow(RangeError);
      expect(() => nodeRandom.digits(65)).toThrow(RangeError);
      expect(() => nodeRandom.digits(2.5)).toThrow(RangeError);
    });
  });
});
