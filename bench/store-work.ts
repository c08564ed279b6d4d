// bench: the store work of each route: DynamoDB round trips and the write and read capacity units DynamoDB
// reports for them (`ReturnConsumedCapacity: TOTAL`), counted by a middleware the bench runtime puts on the
// functions' DynamoDB client while the parent asks it to, beside the least each route's rules need.
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { MiddlewareStack } from '@smithy/types';

/** Round trips and capacity units of the requests counted, by operation (GetItem, TransactWriteItems, …). */
export interface StoreWorkCount {
  readonly roundTrips: number;
  readonly writeUnits: number;
  readonly readUnits: number;
  readonly byOperation: Readonly<Record<string, number>>;
}

/** One route's store work per request, beside the least its rules need. */
export interface StoreWorkRow {
  readonly route: string;
  readonly requests: number;
  readonly roundTripsPerRequest: number;
  readonly writeUnitsPerRequest: number;
  readonly readUnitsPerRequest: number;
  /** Operations per request, e.g. `{ UpdateItem: 2, TransactWriteItems: 1 }`. */
  readonly operationsPerRequest: Readonly<Record<string, number>>;
  readonly minimum: StoreWorkMinimum;
}

export interface StoreWorkMinimum {
  readonly roundTrips: number;
  readonly writeUnits: number;
  readonly readUnits: number;
  /** The rules that set the minimum. */
  readonly why: string;
}

/**
 * The least each measured route's rules need, in round trips (writes that depend on nothing between them
 * counted as one) and in units as DynamoDB bills them for items under 1 KB: a write unit per item written or
 * refused, a read unit per consistent read under 4 KB, each transactional item twice. Larger items cost a
 * unit per KB (the pending account holds the sealed profile and the data key: about 1.5 KB).
 */
const STORE_WORK_MINIMUM: Readonly<Record<string, StoreWorkMinimum>> = {
  register: {
    roundTrips: 4,
    writeUnits: 10,
    readUnits: 1,
    why: "take the source IP's registration slot (1 WRU); read the contact's guard (its holder decides code or owner notice: 1 RRU); claim name guard, contact guard, account and code at once (a 4-item transaction: 8 WRU); take the contact's message slot before sending (1 WRU)",
  },
  confirm: {
    roundTrips: 3,
    writeUnits: 10,
    readUnits: 0,
    why: "count the try before comparing (1 WRU); count it against the contact's tries of the day, whose key only the code item holds (1 WRU, after it); activate the account, spend the code and keep name and contact guards in one transaction (4 items: 8 WRU)",
  },
  resend: {
    roundTrips: 3,
    writeUnits: 2,
    readUnits: 2,
    why: "read the code item (the new code's HMAC is bound to its account: 1 RRU); then, at once, replace the code under the cooldown and hourly limits (1 WRU) and read the account for its sealed contact (1 RRU); take the contact's message slot (1 WRU)",
  },
  'sign-in': {
    roundTrips: 4,
    writeUnits: 6,
    readUnits: 2,
    why: "the name's guard, then its account (2 RRU, consistent, one after the other); take the IP's and the account's failure slots before verifying (2 WRU, at once); then give them back, record the sign-in and write the session family (4 WRU, at once)",
  },
  refresh: {
    roundTrips: 3,
    writeUnits: 4,
    readUnits: 2,
    why: "find the session family by the token's HMAC (1 RRU), then the account's token generation and status (1 RRU); rotate the token with a 2-item transaction (old token spent, new one stored: 4 WRU)",
  },
};

/** The capacity units a response reports: one entry for a single-item operation, a list for a transaction. */
const unitsOf = (capacity: ConsumedCapacity | readonly ConsumedCapacity[] | undefined): number => {
  const list: readonly ConsumedCapacity[] =
    capacity === undefined ? [] : Array.isArray(capacity) ? capacity : [capacity as ConsumedCapacity];
  return list.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
};

/** Operations whose units are read units (DynamoDB Local reports a bare CapacityUnits total, without the split). */
const READ_OPERATIONS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
/** DynamoDB Local reports one unit per transaction item; DynamoDB bills each transactional item twice. */
const TRANSACTIONS = new Set(['TransactWriteItems', 'TransactGetItems']);

/**
 * Puts a counting middleware on a DynamoDB client's stack (the document client shares its client's): while
 * counting, each command asks for `ReturnConsumedCapacity: TOTAL` and its round trip and units are added up.
 * Off, it passes requests through untouched.
 */
const attachStoreWorkCounter = (
  stack: MiddlewareStack<object, object>,
): { start(): void; stop(): StoreWorkCount } => {
  let counting = false;
  let count = { roundTrips: 0, writeUnits: 0, readUnits: 0, byOperation: {} as Record<string, number> };
  stack.add(
    (next, context) => async (args) => {
      if (!counting) return next(args);
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity = 'TOTAL';
      const operation = String((context as { commandName?: string }).commandName ?? '?').replace(
        /Command$/,
        '',
      );
      count.roundTrips += 1;
      count.byOperation[operation] = (count.byOperation[operation] ?? 0) + 1;
      const add = (units: number): void => {
        const billed = TRANSACTIONS.has(operation) ? 2 * units : units;
        if (READ_OPERATIONS.has(operation)) count.readUnits += billed;
        else count.writeUnits += billed;
      };
      try {
        const result = await next(args);
        add(
          unitsOf(
            (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity,
          ),
        );
        return result;
      } catch (error) {
        // A refused condition is billed as the write it would have been (at least one unit).
        if ((error as { name?: string }).name === 'ConditionalCheckFailedException') add(1);
        throw error;
      }
    },
    { step: 'initialize', name: 'signetBenchStoreWork' },
  );
  return {
    start: () => {
      count = { roundTrips: 0, writeUnits: 0, readUnits: 0, byOperation: {} };
      counting = true;
    },
    stop: () => {
      counting = false;
      return count;
    },
  };
};

/** A route's row from the count over `requests` requests of it. */
const storeWorkRow = (route: string, requests: number, count: StoreWorkCount): StoreWorkRow => {
  const per = (value: number): number => value / Math.max(1, requests);
  const minimum = STORE_WORK_MINIMUM[route];
  if (minimum === undefined) throw new Error(`No store-work minimum is written for the route ${route}`);
  return {
    route,
    requests,
    roundTripsPerRequest: per(count.roundTrips),
    writeUnitsPerRequest: per(count.writeUnits),
    readUnitsPerRequest: per(count.readUnits),
    operationsPerRequest: Object.fromEntries(
      Object.entries(count.byOperation).map(([name, n]) => [name, per(n)]),
    ),
    minimum,
  };
};

export { attachStoreWorkCounter, STORE_WORK_MINIMUM, storeWorkRow };
