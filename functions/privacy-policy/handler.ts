// functions/privacy-policy: GET /v1/privacy-policy → the version of the privacy policy in force and when it took effect
import { settings } from '../../shared/adapters/wiring/environment.js';
import { privacyPolicyEffectiveAt } from '../../shared/config/settings.js';
import { httpGetRoute } from '../../shared/http/route.js';
import { PRIVACY_POLICY_MAX_AGE_SECONDS, privacyPolicy as route } from '../../shared/http/routes/meta.js';

const policy = {
  version: settings().privacyPolicyVersion,
  effectiveAt: privacyPolicyEffectiveAt(settings()),
};

export const handler = httpGetRoute(route, async () => ({
  statusCode: 200,
  body: policy,
  headers: { 'cache-control': `public, max-age=${PRIVACY_POLICY_MAX_AGE_SECONDS}` },
}));
