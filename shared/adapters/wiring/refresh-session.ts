// shared/adapters/wiring: what functions/sessions-refresh gives refreshSession, built once per container.
import type { RefreshSessionDeps } from '../../domain/session/refresh-session.js';
import { courier } from './courier.js';
import { accountStore, sessionStore } from './dynamodb.js';
import { settings, systemClock } from './environment.js';
import { fieldCipher, keyService } from './keys.js';
import { functionLogger } from './logger.js';
import { once } from './once.js';
import { refreshTokenCodec } from './refresh-tokens.js';
import { tokenService } from './tokens.js';

const refreshSessionDeps = /* @__PURE__ */ once(async (): Promise<RefreshSessionDeps> => ({
  settings: settings(),
  refreshTokens: await refreshTokenCodec(),
  sessions: sessionStore(),
  accounts: accountStore(),
  tokens: await tokenService(),
  keys: await keyService(),
  cipher: fieldCipher,
  courier: courier(),
  logger: functionLogger,
  clock: systemClock,
}));

export { refreshSessionDeps };
