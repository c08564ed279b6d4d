// functions/me-get: GET /v1/me → exportAccount → 200 {account, items, consent, legalHold, disclosures}
import { exportAccountDeps } from '../../shared/adapters/wiring/export-account.js';
import { exportAccount } from '../../shared/domain/owner/export-account.js';
import { httpGetRoute } from '../../shared/http/route.js';
import { meGet as route } from '../../shared/http/routes/owner.js';

// Once per container.
const exportOf = exportAccount(await exportAccountDeps());

export const handler = httpGetRoute(route, async (facts) => ({
  statusCode: 200,
  body: await exportOf(facts),
}));
