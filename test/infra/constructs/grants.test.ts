// test/infra/constructs: infra/constructs/grants.ts. Each grant in the route table becomes exact actions on
// exact resources, never a wildcard action, SMS sending cannot reach a topic, and no function can change
// or delete an audit log entry.
import { describe, expect, it } from 'vitest';
import {
  auditLogGuard,
  idempotencyRecordStatements,
  statementsForGrants,
  type GrantTargets,
} from '../../../infra/constructs/grants.js';
import { ROUTE_INFRA, type Grant } from '../../../infra/route-infra.js';
import { AUDIT_PARTITION } from '../../../shared/adapters/dynamodb/dynamodb-audit-log.js';

const TARGETS: GrantTargets = {
  region: 'eu-west-2',
  tableArn: 'arn:aws:dynamodb:eu-west-2:111111111111:table/signet',
  storageKeyArn: 'arn:aws:kms:eu-west-2:111111111111:key/storage',
  dataKeyArn: 'arn:aws:kms:eu-west-2:111111111111:key/data',
  secretArn: 'arn:aws:secretsmanager:eu-west-2:111111111111:secret:signet-root-AbCdEf',
  signingKeyArn: 'arn:aws:kms:eu-west-2:111111111111:key/signing-k2',
  publishedKeyArns: [
    'arn:aws:kms:eu-west-2:111111111111:key/signing-k2',
    'arn:aws:kms:eu-west-2:111111111111:key/signing-k1',
  ],
  emailIdentityArns: [
    'arn:aws:ses:eu-west-2:111111111111:identity/no-reply@signet.example',
    'arn:aws:ses:eu-west-2:111111111111:identity/signet.example',
  ],
  configurationSetArn: 'arn:aws:ses:eu-west-2:111111111111:configuration-set/signet-prod',
  fromAddress: 'no-reply@signet.example',
  tableStreamArn: 'arn:aws:dynamodb:eu-west-2:111111111111:table/signet/stream/2027-01-02T03:04:05.678',
  eventBusArn: 'arn:aws:events:eu-west-2:111111111111:event-bus/signet-prod',
};

interface StatementJson {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

const asList = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);

const statementsJson = (grants: readonly Grant[]): StatementJson[] =>
  statementsForGrants(grants, TARGETS).map((statement) => statement.toStatementJson() as StatementJson);

/** Allowed actions on a resource, across statements. */
const allowedOn = (statements: StatementJson[], resource: string): string[] =>
  statements
    .filter((statement) => statement.Effect === 'Allow' && asList(statement.Resource).includes(resource))
    .flatMap((statement) => asList(statement.Action))
    .sort();

const ALL_GRANTS: Grant[] = [
  'table:read',
  'table:write',
  'table:query',
  'table:scan',
  'audit:append',
  'idempotency:records',
  'keys:generate',
  'keys:decrypt',
  'secrets:read',
  'email:send',
  'sms:send',
  'tokens:sign',
  'tokens:verify',
];

describe('Function: statementsForGrants', () => {
  it('gives nothing to a function with no grants', () => {
    // Act & Assess
    expect(statementsJson([])).toEqual([]);
  });

  it('lets a reader get and condition-check items on the table, and nothing on its indexes', () => {
    // Act
    const statements = statementsJson(['table:read']);

    // Assess
    expect(allowedOn(statements, TARGETS.tableArn)).toEqual([
      'dynamodb:ConditionCheckItem',
      'dynamodb:GetItem',
    ]);
    expect(JSON.stringify(statements)).not.toContain('/index/');
    expect(JSON.stringify(statements)).not.toMatch(/dynamodb:(Query|Scan|BatchGetItem|BatchWriteItem)/);
  });

  it('lets a writer put, update, delete and condition-check items, which is what a transaction needs', () => {
    // Act
    const statements = statementsJson(['table:write']);

    // Assess
    expect(allowedOn(statements, TARGETS.tableArn)).toEqual([
      'dynamodb:ConditionCheckItem',
      'dynamodb:DeleteItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
  });

  it('lets a partition reader Query and a sweeper Scan the table itself, never an index', () => {
    // Act
    const query = statementsJson(['table:query']);
    const scan = statementsJson(['table:scan']);

    // Assess
    expect(allowedOn(query, TARGETS.tableArn)).toEqual(['dynamodb:Query']);
    expect(allowedOn(scan, TARGETS.tableArn)).toEqual(['dynamodb:Scan']);
    expect(JSON.stringify([...query, ...scan])).not.toContain('/index/');
  });

  it('allows the table key only through DynamoDB in the stage region', () => {
    // Act
    const statements = statementsJson(['table:read', 'table:write']);

    // Assess
    const keyStatement = statements.find((statement) =>
      asList(statement.Resource).includes(TARGETS.storageKeyArn),
    );
    expect(keyStatement?.Condition).toEqual({
      StringEquals: { 'kms:ViaService': 'dynamodb.eu-west-2.amazonaws.com' },
    });
    expect(asList(keyStatement?.Action ?? [])).toEqual([
      'kms:Decrypt',
      'kms:DescribeKey',
      'kms:Encrypt',
      'kms:GenerateDataKey',
    ]);
  });

  it('separates generating data keys from unwrapping them, both bound to an account id context', () => {
    // Act
    const generate = statementsJson(['keys:generate']);
    const decrypt = statementsJson(['keys:decrypt']);

    // Assess
    expect(allowedOn(generate, TARGETS.dataKeyArn)).toEqual(['kms:GenerateDataKey']);
    expect(allowedOn(decrypt, TARGETS.dataKeyArn)).toEqual(['kms:Decrypt']);
    for (const statement of [...generate, ...decrypt]) {
      expect(statement.Condition).toEqual({ Null: { 'kms:EncryptionContext:accountId': 'false' } });
    }
  });

  it('reads the one root secret, decrypting it only through Secrets Manager', () => {
    // Act
    const statements = statementsJson(['secrets:read']);

    // Assess
    expect(allowedOn(statements, TARGETS.secretArn)).toEqual(['secretsmanager:GetSecretValue']);
    const keyStatement = statements.find((statement) =>
      asList(statement.Resource).includes(TARGETS.storageKeyArn),
    );
    expect(keyStatement?.Action).toBe('kms:Decrypt');
    expect(keyStatement?.Condition).toEqual({
      StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-2.amazonaws.com' },
    });
  });

  it('sends email only from the stage sender, through its identity and configuration set', () => {
    // Act
    const [statement, ...rest] = statementsJson(['email:send']);

    // Assess
    expect(rest).toEqual([]);
    expect(statement?.Action).toBe('ses:SendEmail');
    expect(asList(statement?.Resource ?? []).sort()).toEqual(
      [...TARGETS.emailIdentityArns, TARGETS.configurationSetArn].sort(),
    );
    expect(statement?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': TARGETS.fromAddress } });
  });

  it('texts phone numbers but denies publishing to any topic or endpoint', () => {
    // Act
    const statements = statementsJson(['sms:send']);

    // Assess
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }),
    );
    const deny = statements.find((statement) => statement.Effect === 'Deny');
    expect(deny?.Action).toBe('sns:Publish');
    expect(JSON.stringify(deny?.Resource)).toContain(':sns:*:*:*');
  });

  it('signs tokens only with the current key, ECDSA over a digest, and reads every published public key', () => {
    // Act
    const statements = statementsJson(['tokens:sign']);

    // Assess
    const [current, previous] = TARGETS.publishedKeyArns;
    expect(allowedOn(statements, TARGETS.signingKeyArn).sort()).toEqual(['kms:GetPublicKey', 'kms:Sign']);
    expect(allowedOn(statements, previous ?? '')).toEqual(['kms:GetPublicKey']);
    expect(current).toBe(TARGETS.signingKeyArn);
    expect(statements.find((statement) => statement.Action === 'kms:Sign')?.Condition).toEqual({
      StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256', 'kms:MessageType': 'DIGEST' },
    });
  });

  it('lets a token verifier read the published public keys and nothing else: no Sign, no Verify', () => {
    // Act
    const statements = statementsJson(['tokens:verify']);

    // Assess
    expect(statements).toHaveLength(1);
    expect(statements[0]?.Action).toBe('kms:GetPublicKey');
    expect(asList(statements[0]?.Resource ?? []).sort()).toEqual([...TARGETS.publishedKeyArns].sort());
  });

  it('never allows a wildcard action, and allows Resource "*" only for SMS', () => {
    // Act
    const statements = statementsJson(ALL_GRANTS);

    // Assess
    for (const statement of statements) {
      for (const action of asList(statement.Action)) expect(action).not.toContain('*');
      if (statement.Effect === 'Allow' && asList(statement.Resource).includes('*')) {
        expect(statement.Action).toBe('sns:Publish');
      }
    }
  });
});

describe('Function: auditLogGuard', () => {
  const guardJson = (grants: readonly Grant[]): StatementJson =>
    auditLogGuard(grants, TARGETS).toStatementJson() as StatementJson;

  it('denies every function changing, deleting or batch-writing an item of the audit partition', () => {
    // Act
    const guard = guardJson(['table:read', 'table:write', 'audit:append']);

    // Assess
    expect(guard.Effect).toBe('Deny');
    expect(guard.Resource).toBe(TARGETS.tableArn);
    expect(guard.Condition).toEqual({
      'ForAnyValue:StringEquals': { 'dynamodb:LeadingKeys': [AUDIT_PARTITION] },
    });
    expect(asList(guard.Action)).toEqual([
      'dynamodb:BatchWriteItem',
      'dynamodb:DeleteItem',
      'dynamodb:PartiQLDelete',
      'dynamodb:PartiQLUpdate',
      'dynamodb:UpdateItem',
    ]);
  });

  it('denies adding an entry too, unless the function appends to the audit log', () => {
    // Act
    const writer = asList(guardJson(['table:read', 'table:write']).Action);
    const none = asList(guardJson([]).Action);

    // Assess
    for (const actions of [writer, none]) {
      expect(actions).toEqual(
        expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:PartiQLInsert', 'dynamodb:UpdateItem']),
      );
    }
  });
});

describe('Function: idempotencyRecordStatements', () => {
  const json = (name: string, grants: readonly Grant[]): StatementJson[] =>
    idempotencyRecordStatements(name, grants, TARGETS).map((statement) => statement.toStatementJson() as StatementJson);

  it("lets a route's function get, put, update and delete its own records only, and denies it every other route's", () => {
    // Act
    const [allow, deny] = json('register', ['table:read', 'table:write', 'idempotency:records']);

    // Assess
    expect(allow).toEqual({
      Sid: 'IdempotencyRecords',
      Effect: 'Allow',
      Action: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      Resource: TARGETS.tableArn,
      Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['IDEMPOTENCY#register'] } },
    });
    expect(deny?.Effect).toBe('Deny');
    expect(deny?.Resource).toBe(TARGETS.tableArn);
    expect(deny?.Condition).toEqual({
      'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['IDEMPOTENCY#*'] },
      'ForAllValues:StringNotEquals': { 'dynamodb:LeadingKeys': ['IDEMPOTENCY#register'] },
    });
    expect(asList(deny?.Action ?? [])).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:BatchGetItem']),
    );
  });

  it('denies a function without the grant every idempotency record, with no exception', () => {
    // Act
    const statements = json('sessions', ['table:read', 'table:write']);

    // Assess
    expect(statements).toHaveLength(1);
    expect(statements[0]?.Effect).toBe('Deny');
    expect(statements[0]?.Condition).toEqual({
      'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['IDEMPOTENCY#*'] },
    });
  });

  it('is granted to the seven routes that take an Idempotency-Key, and not to sign-in or refresh', () => {
    // Act
    const granted = Object.entries(ROUTE_INFRA)
      .filter(([, infra]) => (infra.grants as readonly Grant[]).includes('idempotency:records'))
      .map(([name]) => name)
      .sort();

    // Assess
    expect(granted).toEqual(
      ['confirm', 'me-contact', 'me-contact-confirm', 'password-resets', 'password-resets-confirm', 'register', 'resend'],
    );
  });
});
