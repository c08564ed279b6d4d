// shared/client: the typed client for apps, exported as `signet/client` (package.json "exports"). Runs in
// browsers, React Native and Node: fetch, atob and crypto.randomUUID only; no AWS SDK, no Node module.
export { createSignetClient } from './client.js';
export type {
  BodyOf,
  CallOptions,
  IdempotentCallOptions,
  ResultOf,
  SignetClient,
  SignetClientOptions,
} from './client.js';
export { SignetApiError } from './errors.js';
export type { SignetApiErrorFields, SignetErrorDetail } from './errors.js';
export { memoryStorage } from './storage.js';
export type { TokenRecord, TokenStorage } from './storage.js';
export type { components, operations, paths } from './openapi-types.js';
