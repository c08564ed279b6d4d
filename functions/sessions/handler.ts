// functions/sessions: POST /v1/sessions → signIn → 200 {accessToken, tokenType, expiresIn, consentRequired?}
import {
  accountStore,
  blindIndexer,
  ipFailureThrottle,
  settings,
  signInThrottle,
  systemClock,
  tokenService,
} from '../../shared/adapters/container.js';
import { dummyPasswordHash, passwordHasher } from '../../shared/adapters/container-hashing.js';
import { signIn } from '../../shared/domain/session/sign-in.js';
import { httpRoute } from '../../shared/http/route.js';
import { sessions as route } from '../../shared/http/routes/sessions.js';

// Once per container. The dummy hash is made now, so that the first unknown name costs what any other does.
const dummyHash = dummyPasswordHash();
await dummyHash();
const signInWithPassword = signIn({
  settings: settings(),
  indexer: await blindIndexer(),
  hasher: passwordHasher(),
  dummyHash,
  accounts: accountStore(),
  signInThrottle: signInThrottle(),
  ipThrottle: ipFailureThrottle(),
  tokens: await tokenService(),
  clock: systemClock,
});
const SignInRequest = route.request(settings());

export const handler = httpRoute(route, SignInRequest, async (input, facts) => ({
  statusCode: 200,
  body: await signInWithPassword(input, facts),
}));
