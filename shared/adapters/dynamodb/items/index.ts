// shared/adapters/dynamodb/items: the single table's item catalogue: every key, the account codec, the
// code items' shared throttle, and the classifier that retention and erasure decide by.
export * from './account.js';
export * from './catalogue.js';
export * from './codes.js';
export * from './keys.js';
export * from './outbox.js';
