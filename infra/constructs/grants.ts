// infra/constructs: function grants (ROUTES and TASKS in infra/route-infra.ts) → the narrowest IAM statements,
// and the guard that keeps the audit log append-only in IAM. Pure: no constructs are made here, so the
// mapping can be read and tested on its own. The data-key KMS key is also scoped by its key policy
// (signet-keys.ts); these are the identity-side halves.
import { Aws } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AUDIT_PARTITION } from '../../shared/adapters/dynamodb/dynamodb-audit-log.js';
import { IDEMPOTENCY_PREFIX, idempotencyPartition } from '../../shared/adapters/dynamodb/items/keys.js';
import { OUTBOX_PREFIX } from '../../shared/adapters/dynamodb/items/outbox.js';
import type { Grant } from '../route-infra.js';

/** The resources a grant can point at, all exact ARNs of this stage. */
export interface GrantTargets {
  readonly region: string;
  /** The table. No function reads an index: no index ARN is granted. */
  readonly tableArn: string;
  /** The customer-managed key that encrypts the table and the root secret at rest. */
  readonly storageKeyArn: string;
  /** The key that wraps per-account data keys. */
  readonly dataKeyArn: string;
  /** The HMAC root secret. */
  readonly secretArn: string;
  /** The KMS key that signs access tokens now. */
  readonly signingKeyArn: string;
  /** Every published token key (the current one, and the next or previous while keys rotate). */
  readonly publishedKeyArns: readonly string[];
  /** SES identities the sender address may be authorised through (the address and, if verified, its domain). */
  readonly emailIdentityArns: readonly string[];
  readonly configurationSetArn: string;
  readonly fromAddress: string;
  /** The table's stream (the events forwarder's event source). */
  readonly tableStreamArn: string;
  /** The stage's event bus, `signet-<stage>`. */
  readonly eventBusArn: string;
}

type TableGrant = 'table:read' | 'table:write' | 'table:query' | 'table:scan';

const TABLE_GRANTS: readonly TableGrant[] = ['table:read', 'table:write', 'table:query', 'table:scan'];

/** DynamoDB actions per grant. TransactWriteItems is authorised per item action, so it needs none. */
const TABLE_ACTIONS: Record<TableGrant, readonly string[]> = {
  'table:read': ['dynamodb:GetItem', 'dynamodb:ConditionCheckItem'],
  'table:write': [
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:ConditionCheckItem',
  ],
  'table:query': ['dynamodb:Query'],
  'table:scan': ['dynamodb:Scan'],
};

/** What DynamoDB does with the table's key on the caller's behalf (only via DynamoDB). */
const TABLE_KEY_ACTIONS: Record<TableGrant, readonly string[]> = {
  'table:read': ['kms:Decrypt', 'kms:DescribeKey'],
  'table:write': ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
  'table:query': ['kms:Decrypt', 'kms:DescribeKey'],
  'table:scan': ['kms:Decrypt', 'kms:DescribeKey'],
};

/**
 * Denied on the audit log's partition to every function: changing or removing an entry, and writing
 * one without a condition (BatchWriteItem cannot carry one). TTL deletes entries as the service, which
 * IAM does not govern.
 */
const AUDIT_NEVER = [
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteItem',
  'dynamodb:PartiQLDelete',
  'dynamodb:PartiQLUpdate',
  'dynamodb:UpdateItem',
] as const;

/** Denied on the audit log's partition to every function without `audit:append`: adding an entry. */
const AUDIT_APPEND = ['dynamodb:PartiQLInsert', 'dynamodb:PutItem'] as const;

/** The data key's encryption context carries the account id (shared/adapters/crypto/keyring-key-service.ts). */
const ENCRYPTION_CONTEXT_KEY = 'kms:EncryptionContext:accountId';

const unique = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/**
 * Turns a function's grants into IAM statements: exact actions, exact resources, and conditions where
 * a service allows them. Only `sms:send` needs Resource `*` (SNS has no ARN for a phone number); it is
 * paired with a Deny on every topic and endpoint ARN so the function can text but never publish to a topic.
 *
 * @example
 * ```ts
 * for (const statement of statementsForGrants(route.grants, targets)) role.addToPolicy(statement);
 * ```
 */
const statementsForGrants = (grants: readonly Grant[], targets: GrantTargets): PolicyStatement[] => {
  const statements: PolicyStatement[] = [];
  const has = (grant: Grant): boolean => grants.includes(grant);
  const tableGrants = TABLE_GRANTS.filter(has);

  if (tableGrants.length > 0) {
    statements.push(
      new PolicyStatement({
        sid: 'TableItems',
        actions: unique(tableGrants.flatMap((grant) => TABLE_ACTIONS[grant])),
        resources: [targets.tableArn],
      }),
      new PolicyStatement({
        sid: 'TableKeyViaDynamoDB',
        actions: unique(tableGrants.flatMap((grant) => TABLE_KEY_ACTIONS[grant])),
        resources: [targets.storageKeyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${targets.region}.amazonaws.com` } },
      }),
    );
  }
  if (has('keys:generate')) {
    statements.push(
      new PolicyStatement({
        sid: 'DataKeyGenerate',
        actions: ['kms:GenerateDataKey'],
        resources: [targets.dataKeyArn],
        conditions: { Null: { [ENCRYPTION_CONTEXT_KEY]: 'false' } },
      }),
    );
  }
  if (has('keys:decrypt')) {
    statements.push(
      new PolicyStatement({
        sid: 'DataKeyDecrypt',
        actions: ['kms:Decrypt'],
        resources: [targets.dataKeyArn],
        conditions: { Null: { [ENCRYPTION_CONTEXT_KEY]: 'false' } },
      }),
    );
  }
  if (has('secrets:read')) {
    statements.push(
      new PolicyStatement({
        sid: 'RootSecretRead',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [targets.secretArn],
      }),
      new PolicyStatement({
        sid: 'RootSecretKeyViaSecretsManager',
        actions: ['kms:Decrypt'],
        resources: [targets.storageKeyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${targets.region}.amazonaws.com` } },
      }),
    );
  }
  if (has('tokens:sign')) {
    statements.push(
      new PolicyStatement({
        sid: 'TokenSign',
        actions: ['kms:Sign'],
        resources: [targets.signingKeyArn],
        conditions: {
          StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256', 'kms:MessageType': 'DIGEST' },
        },
      }),
    );
  }
  if (has('tokens:sign') || has('tokens:verify')) {
    statements.push(
      new PolicyStatement({
        sid: 'TokenPublicKeys',
        actions: ['kms:GetPublicKey'],
        resources: unique(targets.publishedKeyArns),
      }),
    );
  }
  if (has('email:send')) {
    statements.push(
      new PolicyStatement({
        sid: 'EmailSend',
        actions: ['ses:SendEmail'],
        resources: [...targets.emailIdentityArns, targets.configurationSetArn],
        conditions: { StringEquals: { 'ses:FromAddress': targets.fromAddress } },
      }),
    );
  }
  if (has('sms:send')) {
    statements.push(
      new PolicyStatement({
        sid: 'SmsPublishToPhoneNumbers',
        actions: ['sns:Publish'],
        resources: ['*'],
      }),
      new PolicyStatement({
        sid: 'NoTopicOrEndpointPublish',
        effect: Effect.DENY,
        actions: ['sns:Publish'],
        resources: [`arn:${Aws.PARTITION}:sns:*:*:*`],
      }),
    );
  }
  if (has('stream:read')) {
    statements.push(
      new PolicyStatement({
        sid: 'TableStreamRead',
        // No ListStreams: it takes no stream ARN (Resource "*"), and the mapping names its stream.
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        resources: [targets.tableStreamArn],
      }),
      new PolicyStatement({
        sid: 'TableStreamKey',
        actions: ['kms:Decrypt'],
        resources: [targets.storageKeyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${targets.region}.amazonaws.com` } },
      }),
    );
  }
  if (has('outbox:expire')) {
    statements.push(
      new PolicyStatement({
        sid: 'OutboxExpire',
        actions: ['dynamodb:UpdateItem'],
        resources: [targets.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${OUTBOX_PREFIX}*`] } },
      }),
      new PolicyStatement({
        sid: 'OutboxKeyViaDynamoDB',
        actions: unique(TABLE_KEY_ACTIONS['table:write']),
        resources: [targets.storageKeyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${targets.region}.amazonaws.com` } },
      }),
    );
  }
  if (has('events:publish')) {
    statements.push(
      new PolicyStatement({ sid: 'EventBusPut', actions: ['events:PutEvents'], resources: [targets.eventBusArn] }),
    );
  }
  return statements;
};

/**
 * The audit log is append-only in IAM too: a Deny, on every function role, of updating or deleting any
 * item whose partition key is the audit log's, and of adding one unless the function has `audit:append`
 * (then only a conditional PutItem, as the audit log adapter writes, is left). A Deny wins over any Allow.
 *
 * @example
 * ```ts
 * role.addToPrincipalPolicy(auditLogGuard(grants, targets));
 * ```
 */
const auditLogGuard = (grants: readonly Grant[], targets: Pick<GrantTargets, 'tableArn'>): PolicyStatement =>
  new PolicyStatement({
    sid: 'AuditLogAppendOnly',
    effect: Effect.DENY,
    actions: unique(grants.includes('audit:append') ? AUDIT_NEVER : [...AUDIT_NEVER, ...AUDIT_APPEND]),
    resources: [targets.tableArn],
    conditions: { 'ForAnyValue:StringEquals': { 'dynamodb:LeadingKeys': [AUDIT_PARTITION] } },
  });

/** What Powertools' idempotency layer does with a record: a conditional put, a read, the update, a delete. */
const IDEMPOTENCY_ACTIONS = [
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
] as const;

/** Every item action that names a partition: denied on another route's Idempotency-Key records. */
const IDEMPOTENCY_NEVER = [
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
] as const;

/**
 * The Idempotency-Key records in IAM: a function with `idempotency:records` may get, put, update and delete
 * the items of its own route's partition (`IDEMPOTENCY#<function>`), and every function is denied any item
 * action on another route's records (so no function can read or replay another route's kept answers).
 *
 * @example
 * ```ts
 * for (const statement of idempotencyRecordStatements(spec.name, spec.grants, targets)) role.addToPrincipalPolicy(statement);
 * ```
 */
const idempotencyRecordStatements = (
  functionName: string,
  grants: readonly Grant[],
  targets: Pick<GrantTargets, 'tableArn'>,
): PolicyStatement[] => {
  const own = grants.includes('idempotency:records') ? idempotencyPartition(functionName) : undefined;
  const others = new PolicyStatement({
    sid: 'OtherIdempotencyRecordsNever',
    effect: Effect.DENY,
    actions: [...IDEMPOTENCY_NEVER],
    resources: [targets.tableArn],
    conditions: {
      'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [`${IDEMPOTENCY_PREFIX}*`] },
      ...(own !== undefined && { 'ForAllValues:StringNotEquals': { 'dynamodb:LeadingKeys': [own] } }),
    },
  });
  if (own === undefined) return [others];
  return [
    new PolicyStatement({
      sid: 'IdempotencyRecords',
      actions: [...IDEMPOTENCY_ACTIONS],
      resources: [targets.tableArn],
      conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [own] } },
    }),
    others,
  ];
};

export {
  AUDIT_APPEND,
  AUDIT_NEVER,
  auditLogGuard,
  IDEMPOTENCY_ACTIONS,
  IDEMPOTENCY_NEVER,
  idempotencyRecordStatements,
  statementsForGrants,
  TABLE_ACTIONS,
  TABLE_KEY_ACTIONS,
};
