// shared/adapters/wiring: what functions/me-sessions-revoke-all gives revokeAllSessions, built once per container.
import type { RevokeAllSessionsDeps } from '../../domain/session/revoke-sessions.js';
import { sessionStore } from './dynamodb.js';
import { systemClock } from './environment.js';
import { once } from './once.js';
import { bearerAuthenticator } from './tokens.js';

const revokeAllSessionsDeps = /* @__PURE__ */ once(async (): Promise<RevokeAllSessionsDeps> => ({
  authenticate: await bearerAuthenticator(),
  sessions: sessionStore(),
  generations: sessionStore(),
  clock: systemClock,
}));

export { revokeAllSessionsDeps };
