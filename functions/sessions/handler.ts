// functions/sessions: POST /v1/sessions → signIn → 200 {accessToken, tokenType, expiresIn, consentRequired?}
import { settings } from '../../shared/adapters/wiring/environment.js';
import { signInDeps } from '../../shared/adapters/wiring/sign-in.js';
import { signIn } from '../../shared/domain/session/sign-in.js';
import { httpRoute } from '../../shared/http/route.js';
import { sessions as route } from '../../shared/http/routes/sessions.js';

// Once per container; signInDeps makes the dummy hash now, so that the first unknown name costs what any other does.
const signInWithPassword = signIn(await signInDeps());
const SignInRequest = route.request(settings());

export const handler = httpRoute(route, SignInRequest, async (input, facts) => ({
  statusCode: 200,
  body: await signInWithPassword(input, facts),
}));
