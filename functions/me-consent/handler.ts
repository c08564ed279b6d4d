// functions/me-consent: POST /v1/me/consent (Bearer) → recordConsent → 200 {status: "recorded"}
import { settings } from '../../shared/adapters/wiring/environment.js';
import { recordConsentDeps } from '../../shared/adapters/wiring/record-consent.js';
import { recordConsent } from '../../shared/domain/session/record-consent.js';
import { httpRoute } from '../../shared/http/route.js';
import { meConsent as route } from '../../shared/http/routes/sessions.js';

// Once per container.
const record = recordConsent(await recordConsentDeps());
const ConsentRequest = route.request(settings());

export const handler = httpRoute(route, ConsentRequest, async (input, facts) => ({
  statusCode: 200,
  body: await record(input, facts),
}));
