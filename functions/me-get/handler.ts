// functions/me-get: GET /v1/me → exportAccount → 200 {account, items, consent, legalHold, disclosures}
import { bearerAuthenticator, ownerStore, settings } from '../../shared/adapters/container.js';
import { fieldCipher, keyService } from '../../shared/adapters/container-keys.js';
import { exportAccount } from '../../shared/domain/owner/export-account.js';
import { httpGetRoute } from '../../shared/http/route.js';
import { meGet as route } from '../../shared/http/routes/owner.js';

// Once per container.
const exportOf = exportAccount({
  settings: settings(),
  authenticate: await bearerAuthenticator(),
  store: ownerStore(),
  keys: await keyService(),
  cipher: fieldCipher,
});

export const handler = httpGetRoute(route, async (facts) => ({
  statusCode: 200,
  body: await exportOf(facts),
}));
