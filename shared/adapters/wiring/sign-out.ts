// shared/adapters/wiring: what functions/sessions-logout gives signOut, built once per container.
import type { SignOutDeps } from '../../domain/session/sign-out.js';
import { sessionStore } from './dynamodb.js';
import { systemClock } from './environment.js';
import { once } from './once.js';
import { refreshTokenCodec } from './refresh-tokens.js';

const signOutDeps = /* @__PURE__ */ once(async (): Promise<SignOutDeps> => ({
  refreshTokens: await refreshTokenCodec(),
  sessions: sessionStore(),
  clock: systemClock,
}));

export { signOutDeps };
