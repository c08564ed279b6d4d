// shared/adapters/dynamodb: the AdminStore port on the single table. (admin use cases) --> AdminStore -->
// DynamoDB. A hold or a disclosure and its audit entry are one transaction, conditional on the account's
// state; a failed condition is explained by reading the account again.
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  AdminAccountView,
  AdminStore,
  AuditEntry,
  LiftHoldOutcome,
} from '../../domain/admin/ports.js';
import type { AccountId } from '../../domain/types.js';
import { auditPut } from './dynamodb-audit-log.js';
import { accountKey, decodeAccount, disclosureKey, epochSeconds, nameGuardKey, toAdminView } from './items/index.js';
import { transactWrite } from './transactions.js';

const isActive = '#status = :active';
const notHeld = '(attribute_not_exists(#legalHold) OR #legalHold.#active <> :true)';
const heldUnder = '#legalHold.#active = :true AND #legalHold.#reference = :reference';

/** What the admin tools read of an account item: no ciphertext or index leaves the view. */
const viewOf = (item: Record<string, unknown>): AdminAccountView | undefined => toAdminView(decodeAccount(item));

/**
 * Builds the DynamoDB-backed admin store.
 *
 * @example
 * const store = createDynamoDbAdminStore({ client: documentClient, tableName });
 */
const createDynamoDbAdminStore = (options: { client: DynamoDBDocumentClient; tableName: string }): AdminStore => {
  const { client, tableName: TableName } = options;

  const getAccountItem = async (accountId: AccountId): Promise<Record<string, unknown> | undefined> => {
    const { Item } = await client.send(
      new GetCommand({
        TableName,
        Key: accountKey(accountId),
        ConsistentRead: true,
        ProjectionExpression: 'accountId, #status, sealed, legalHold, erasureRequested, expiresAt',
        ExpressionAttributeNames: { '#status': 'status' },
      }),
    );
    return Item;
  };

  const findByNameIndex = async (nameIndex: string, now: Date): Promise<AdminAccountView | undefined> => {
    const nowSeconds = epochSeconds(now);
    const { Item: guard } = await client.send(
      new GetCommand({ TableName, Key: nameGuardKey(nameIndex), ConsistentRead: true }),
    );
    // A lapsed pending registration's guard is free for anyone to claim: it names no account.
    if (guard === undefined || (typeof guard.expiresAt === 'number' && guard.expiresAt <= nowSeconds)) return undefined;
    const item = await getAccountItem(guard.accountId as AccountId);
    if (item === undefined || (typeof item.expiresAt === 'number' && item.expiresAt <= nowSeconds)) return undefined;
    return viewOf(item);
  };

  const placeHold: AdminStore['placeHold'] = async (accountId, hold, audit) => {
    const result = await transactWrite(client, [
      {
        Update: {
          TableName,
          Key: accountKey(accountId),
          UpdateExpression: 'SET #legalHold = :hold',
          ConditionExpression: `${isActive} AND ${notHeld}`,
          ExpressionAttributeNames: { '#status': 'status', '#legalHold': 'legalHold', '#active': 'active' },
          ExpressionAttributeValues: { ':hold': hold, ':active': 'active', ':true': true },
        },
      },
      { Put: auditPut(TableName, audit) },
    ]);
    if (result.committed) return 'placed';
    explainable(result.reasons, 'Legal hold');
    const item = await getAccountItem(accountId);
    const view = item === undefined ? undefined : viewOf(item);
    if (view?.legalHold?.active === true) return 'already_held';
    return 'not_active';
  };

  const liftHold = async (accountId: AccountId, reference: string, audit: AuditEntry): Promise<LiftHoldOutcome> => {
    const result = await transactWrite(client, [
      {
        Update: {
          TableName,
          Key: accountKey(accountId),
          // The hold goes; the history stays in the audit log. A waiting erasure request stays for the eraser.
          UpdateExpression: 'REMOVE #legalHold',
          ConditionExpression: `${isActive} AND ${heldUnder}`,
          ExpressionAttributeNames: {
            '#status': 'status',
            '#legalHold': 'legalHold',
            '#active': 'active',
            '#reference': 'reference',
          },
          ExpressionAttributeValues: { ':active': 'active', ':true': true, ':reference': reference },
        },
      },
      { Put: auditPut(TableName, audit) },
    ]);
    const item = await getAccountItem(accountId);
    const view = item === undefined ? undefined : viewOf(item);
    if (result.committed) {
      return { outcome: 'lifted', erasureRequested: view?.erasureRequested !== undefined && view.legalHold?.active !== true };
    }
    explainable(result.reasons, 'Hold lift');
    if (view === undefined || view.status !== 'active') return { outcome: 'not_active' };
    if (view.legalHold?.active !== true) return { outcome: 'no_hold' };
    return { outcome: 'reference_mismatch' };
  };

  const recordDisclosure: AdminStore['recordDisclosure'] = async (accountId, disclosure, audit) => {
    const result = await transactWrite(client, [
      {
        ConditionCheck: {
          TableName,
          Key: accountKey(accountId),
          ConditionExpression: isActive,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':active': 'active' },
        },
      },
      {
        Put: {
          TableName,
          Item: {
            ...disclosureKey(accountId, disclosure),
            accountId,
            disclosureId: disclosure.disclosureId,
            date: disclosure.date,
            authority: disclosure.authority,
            legalBasis: disclosure.legalBasis,
            documentReference: disclosure.documentReference,
            items: [...disclosure.items],
            ownerMayBeTold: disclosure.ownerMayBeTold,
          },
          // Append-only: a disclosure is never overwritten.
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Put: auditPut(TableName, audit) },
    ]);
    if (result.committed) return 'recorded';
    if (result.reasons[0] === 'ConditionalCheckFailed') return 'not_active';
    throw new Error(`Disclosure transaction cancelled: ${result.reasons.join(',')}`);
  };

  return { findByNameIndex, placeHold, liftHold, recordDisclosure };
};

/**
 * A cancelled transaction whose account condition failed is explained by reading the account; any other
 * cause (the audit Put's condition: a colliding entry id; conflicts that outlasted the retries) is thrown.
 */
const explainable = (reasons: readonly (string | undefined)[], what: string): void => {
  if (reasons[0] !== 'ConditionalCheckFailed' || reasons.at(-1) === 'ConditionalCheckFailed') {
    throw new Error(`${what} transaction cancelled: ${reasons.join(',')}`);
  }
};

export { createDynamoDbAdminStore };
