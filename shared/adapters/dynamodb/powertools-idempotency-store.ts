// shared/adapters/dynamodb: IdempotencyGuard.run on Powertools for AWS Lambda's idempotency utility and its
// DynamoDB persistence layer, on Signet's one table. One record per route, caller and key:
// pk `IDEMPOTENCY#<route>`, sk `<route>#<SHA-256 of {caller, key}>`, TTL on `expiresAt` (24 hours), the
// body's fingerprint in `fingerprint` (Powertools' payload validation compares it), the sealed answer in
// `answer`. Powertools writes the record with a conditional put (never read-then-write) and deletes it when
// the handling throws, which is how an answer of 500 or more is left unkept.
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { IdempotencyInProgressError, IdempotencyKeyReusedError } from '../../domain/errors.js';
import type { IdempotencyGuard, IdempotentRequest, RecordedAnswer } from '../../domain/ports.js';
import type { IdempotencyCrypto } from '../crypto/idempotency-crypto.js';
import { idempotencyPartition } from './items/keys.js';
import { TABLE } from './table-definition.js';

/** How long an answer is kept and replayed. */
const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/** The record's attributes besides the table's keys and TTL. */
const IDEMPOTENCY_ATTRIBUTES = {
  status: 'status',
  inProgressExpiry: 'inProgressUntil',
  data: 'answer',
  validationKey: 'fingerprint',
} as const;

/** Thrown inside the idempotent function for an answer of 500 or more: Powertools deletes the record. */
class UnkeptAnswerError extends Error {
  public readonly answer: RecordedAnswer;
  public constructor(answer: RecordedAnswer) {
    super('The answer is a server error: not kept');
    this.name = 'UnkeptAnswerError';
    this.answer = answer;
  }
}

/** The kept form of an answer: only its seal. */
const isSealed = (value: unknown): value is string => typeof value === 'string';

/**
 * Creates the `run` of an IdempotencyGuard for one route, on the container's DynamoDB client.
 *
 * @example
 * const run = createPowertoolsIdempotencyRun({ client, tableName, route: 'register', crypto });
 * const { answer, replayed } = await run({ key, caller, fingerprint }, handle, () => 10_000);
 */
const createPowertoolsIdempotencyRun = (deps: {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly route: string;
  readonly crypto: Pick<IdempotencyCrypto, 'seal' | 'open'>;
}): IdempotencyGuard['run'] => {
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: deps.tableName,
    awsSdkV3Client: deps.client,
    keyAttr: TABLE.partitionKey,
    sortKeyAttr: TABLE.sortKey,
    staticPkValue: idempotencyPartition(deps.route),
    expiryAttr: TABLE.ttlAttribute,
    inProgressExpiryAttr: IDEMPOTENCY_ATTRIBUTES.inProgressExpiry,
    statusAttr: IDEMPOTENCY_ATTRIBUTES.status,
    dataAttr: IDEMPOTENCY_ATTRIBUTES.data,
    validationKeyAttr: IDEMPOTENCY_ATTRIBUTES.validationKey,
  });
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'scope',
    payloadValidationJmesPath: 'fingerprint',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS,
    hashFunction: 'sha256',
  });

  type Payload = {
    readonly scope: { readonly caller: string; readonly key: string };
    readonly fingerprint: string;
  };
  const idempotent = makeIdempotent(
    async (_payload: Payload, handle: () => Promise<RecordedAnswer>): Promise<string> => {
      const answer = await handle();
      if (answer.statusCode >= 500) throw new UnkeptAnswerError(answer);
      return deps.crypto.seal(deps.route, JSON.stringify(answer));
    },
    { persistenceStore, config, keyPrefix: deps.route, dataIndexArgument: 0 },
  );

  return async (request: IdempotentRequest, handle, remainingTimeMs) => {
    // Powertools reads the remaining time from the Lambda context: the first request counts as running
    // until then, so a retry after a function that died runs again instead of waiting out the 24 hours.
    config.registerLambdaContext({ getRemainingTimeInMillis: remainingTimeMs } as unknown as Context);
    let fresh: RecordedAnswer | undefined;
    const payload: Payload = {
      scope: { caller: request.caller, key: request.key },
      fingerprint: request.fingerprint,
    };
    try {
      const kept: unknown = await idempotent(payload, async () => {
        fresh = await handle();
        return fresh;
      });
      if (fresh !== undefined) return { answer: fresh, replayed: false };
      const opened = isSealed(kept) ? deps.crypto.open(deps.route, kept) : undefined;
      if (opened === undefined) throw new Error('A kept answer could not be opened');
      return { answer: JSON.parse(opened) as RecordedAnswer, replayed: true };
    } catch (error) {
      if (error instanceof UnkeptAnswerError) return { answer: error.answer, replayed: false };
      if (error instanceof IdempotencyValidationError) throw new IdempotencyKeyReusedError();
      if (error instanceof IdempotencyAlreadyInProgressError) throw new IdempotencyInProgressError();
      throw error;
    }
  };
};

export { createPowertoolsIdempotencyRun, IDEMPOTENCY_ATTRIBUTES, IDEMPOTENCY_TTL_SECONDS };
