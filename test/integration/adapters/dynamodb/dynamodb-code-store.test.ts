// test/integration/adapters/dynamodb: the generic code store on DynamoDB Local: the send throttle, tries
// counted before comparing (also under concurrency), the daily cap across resends, single use, slots that
// keep purposes apart, and password reset codes bound to their request (one item per reset, sends per name).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { codeKey, createDynamoDbCodeStore } from '../../../../shared/adapters/dynamodb/dynamodb-code-store.js';
import { passwordResetSendsKey } from '../../../../shared/adapters/dynamodb/items/index.js';
import type { CodeSlot, NewCode } from '../../../../shared/domain/codes/ports.js';
import type { AccountId } from '../../../../shared/domain/types.js';
import { signet } from '../../../helpers/api.js';
import { localDocumentClient, uniqueId } from '../../../helpers/dynamodb-accounts.js';

const { tableName } = signet();
const client = localDocumentClient();
const store = createDynamoDbCodeStore({ client, tableName, tryLimits: { maxTriesPerDay: 10 } });
afterAll(() => client.destroy());

const sendLimits = { resendCooldownSeconds: 60, resendMaxPerHour: 5 };
const t0 = new Date('2026-11-25T10:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
/** A new reset (a reset index of its own) of `nameIndex`. */
const resetSlot = (nameIndex = uniqueId('name')): CodeSlot => ({
  purpose: 'password_reset',
  nameIndex,
  resetIndex: uniqueId('reset'),
});
/** A slot that keeps one item across issues: a contact change. */
const changeSlot = (): CodeSlot => ({ purpose: 'contact_change', accountId: uniqueId('acc') as AccountId });
const newCode = (hash: string, issuedAt = t0, accountId = 'acc-1' as AccountId): NewCode => ({
  accountId,
  codeHash: hash,
  expiresAt: new Date(issuedAt.getTime() + 600_000),
});

describe('Class: DynamoDbCodeStore', () => {
  describe('Method: issue', () => {
    it('stores a reset code beside the name under its reset index (TTL at expiry), a contact change in the account (TTL a day after)', async () => {
      // Prepare
      const reset = resetSlot();
      const change: CodeSlot = { purpose: 'contact_change', accountId: uniqueId('acc') as AccountId };

      // Act
      await store.issue(reset, newCode('hash-reset'), t0, sendLimits);
      await store.issue(change, { ...newCode('hash-change'), payload: { channel: 'email', index: 'idx', sealed: 'sealed' } }, t0, sendLimits);

      // Assess
      const resetItem = (await client.send(new GetCommand({ TableName: tableName, Key: codeKey(reset) }))).Item;
      const changeItem = (await client.send(new GetCommand({ TableName: tableName, Key: codeKey(change) }))).Item;
      const { nameIndex, resetIndex } = reset as { nameIndex: string; resetIndex: string };
      expect(codeKey(reset)).toEqual({ pk: `NAME#${nameIndex}`, sk: `CODE#password_reset#${resetIndex}` });
      expect(resetItem).toMatchObject({ codeHash: 'hash-reset', purpose: 'password_reset', attempts: 0, expiresAt: t0.getTime() / 1000 + 600 });
      const sends = (await client.send(new GetCommand({ TableName: tableName, Key: passwordResetSendsKey(nameIndex) }))).Item;
      expect(sends).toMatchObject({ sends: 1, lastSentAt: t0.getTime() / 1000, lastResetIndex: resetIndex });
      expect(sends?.codeHash).toBeUndefined();
      expect(changeItem).toMatchObject({ sk: 'CODE#contact_change', payload: { channel: 'email', index: 'idx', sealed: 'sealed' } });
    });

    it.each([
      ['a contact change (one slot)', () => { const slot = changeSlot(); return () => slot; }],
      ['password resets of one name (a slot each)', () => { const name = uniqueId('name'); return () => resetSlot(name); }],
    ])('throttles %s: no new code within the cooldown, at most 5 sends an hour, then a new window', async (_, slots) => {
      // Prepare
      const next = slots();
      await store.issue(next(), newCode('h0'), t0, sendLimits);

      // Act
      const tooSoon = await store.issue(next(), newCode('h1'), at(30), sendLimits);
      const sends = [];
      for (let minute = 1; minute <= 5; minute += 1) sends.push((await store.issue(next(), newCode(`h${minute}`), at(minute * 61), sendLimits)).outcome);
      const nextHour = await store.issue(next(), newCode('h-next'), at(3601), sendLimits);

      // Assess
      expect(tooSoon).toEqual({ outcome: 'throttled', retryAfterSeconds: 30 });
      expect(sends).toEqual(['issued', 'issued', 'issued', 'issued', 'throttled']);
      expect(nextHour).toEqual({ outcome: 'issued' });
    });

    it('lets one of many parallel requests issue, for one slot and for resets of one name', async () => {
      // Prepare
      const slot = changeSlot();
      const name = uniqueId('name');

      // Act
      const outcomes = await Promise.all(Array.from({ length: 8 }, (_, index) => store.issue(slot, newCode(`p${index}`), t0, sendLimits)));
      const resets = await Promise.all(Array.from({ length: 8 }, (_, index) => store.issue(resetSlot(name), newCode(`r${index}`), t0, sendLimits)));

      // Assess
      expect(outcomes.filter((outcome) => outcome.outcome === 'issued')).toHaveLength(1);
      expect(resets.filter((outcome) => outcome.outcome === 'issued')).toHaveLength(1);
    });
  });

  describe('Method: countTry', () => {
    it('counts at most 5 tries per code, even when 20 arrive at once', async () => {
      // Prepare
      const slot = resetSlot();
      await store.issue(slot, newCode('hash'), t0, sendLimits);

      // Act
      const outcomes = await Promise.all(Array.from({ length: 20 }, () => store.countTry(slot, at(1), 5)));

      // Assess
      const counted = outcomes.flatMap((outcome) => (outcome.outcome === 'counted' ? [outcome.code.attempts] : []));
      expect(counted.sort()).toEqual([1, 2, 3, 4, 5]);
    });

    it('finds no live code once it expired, for another purpose, or for an empty slot', async () => {
      // Prepare
      const accountId = uniqueId('acc') as AccountId;
      const change: CodeSlot = { purpose: 'contact_change', accountId };
      await store.issue(change, newCode('hash', t0, accountId), t0, sendLimits);

      // Act
      const outcomes = await Promise.all([store.countTry(change, at(600), 5), store.countTry(resetSlot(), at(1), 5)]);

      // Assess
      expect(outcomes).toEqual([{ outcome: 'no_live_code' }, { outcome: 'no_live_code' }]);
    });

    it('keeps the tries of one reset apart from another reset of the same name', async () => {
      // Prepare
      const name = uniqueId('name');
      const attackers = resetSlot(name);
      const owners = resetSlot(name);
      await store.issue(attackers, newCode('attacker'), t0, sendLimits);
      await store.issue(owners, newCode('owner', at(61)), at(61), sendLimits);

      // Act
      const wasted = [];
      for (let guess = 0; guess < 6; guess += 1) wasted.push((await store.countTry(attackers, at(62), 5)).outcome);
      const owner = await store.countTry(owners, at(63), 5);

      // Assess
      expect(wasted).toEqual(['counted', 'counted', 'counted', 'counted', 'counted', 'no_live_code']);
      expect(owner).toMatchObject({ outcome: 'counted', code: { codeHash: 'owner', attempts: 1 } });
    });

    it('caps tries across resends at 10 a day, so that new codes buy no more guesses', async () => {
      // Prepare
      const slot = changeSlot();
      const outcomes: string[] = [];

      // Act
      for (let code = 0; code < 3; code += 1) {
        await store.issue(slot, newCode(`c${code}`, at(code * 120)), at(code * 120), sendLimits);
        for (let guess = 0; guess < 5; guess += 1) outcomes.push((await store.countTry(slot, at(code * 120 + 1), 5)).outcome);
      }
      await store.issue(slot, newCode('next-day', at(86_401)), at(86_401), sendLimits);
      const nextDay = await store.countTry(slot, at(86_402), 5);

      // Assess
      expect(outcomes.filter((outcome) => outcome === 'counted')).toHaveLength(10);
      expect(outcomes.slice(10)).toEqual(['no_live_code', 'no_live_code', 'no_live_code', 'no_live_code', 'no_live_code']);
      expect(nextDay.outcome).toBe('counted');
    });
  });

  describe('Method: spend', () => {
    it('spends a code once: of two racing spends one wins, and a superseded hash never spends', async () => {
      // Prepare
      const slot = changeSlot();
      await store.issue(slot, newCode('first'), t0, sendLimits);
      await store.issue(slot, newCode('second', at(61)), at(61), sendLimits);

      // Act
      const stale = await store.spend(slot, 'first');
      const racing = await Promise.all([store.spend(slot, 'second'), store.spend(slot, 'second')]);

      // Assess
      expect(stale).toBe(false);
      expect([...racing].sort()).toEqual([false, true]);
      expect((await store.countTry(slot, at(62), 5)).outcome).toBe('no_live_code');
    });
  });

  describe('Method: releaseCooldown', () => {
    it('lets a new code be issued at once after a failed send', async () => {
      // Prepare
      const slot = changeSlot();
      await store.issue(slot, newCode('failed-send'), t0, sendLimits);

      // Act
      await store.releaseCooldown(slot, 'failed-send');
      const again = await store.issue(slot, newCode('retry'), at(1), sendLimits);

      // Assess
      expect(again).toEqual({ outcome: 'issued' });
    });

    it('drops a reset code whose send failed and lets another reset of the name be issued at once', async () => {
      // Prepare
      const name = uniqueId('name');
      const failed = resetSlot(name);
      await store.issue(failed, newCode('failed-send'), t0, sendLimits);

      // Act
      await store.releaseCooldown(failed, 'failed-send');
      const again = await store.issue(resetSlot(name), newCode('retry'), at(1), sendLimits);

      // Assess
      expect(again).toEqual({ outcome: 'issued' });
      expect((await store.countTry(failed, at(2), 5)).outcome).toBe('no_live_code');
    });
  });
});
