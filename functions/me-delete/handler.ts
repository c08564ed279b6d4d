// functions/me-delete: DELETE /v1/me {currentPassword} → deleteAccount → eraseAccount → 200 {status: "erased"},
// or 409 legal_hold
import { settings } from '../../shared/adapters/wiring/environment.js';
import { deleteAccountDeps } from '../../shared/adapters/wiring/delete-account.js';
import { deleteAccount } from '../../shared/domain/owner/delete-account.js';
import { httpRoute } from '../../shared/http/route.js';
import { meDelete as route } from '../../shared/http/routes/owner.js';

// Once per container.
const remove = deleteAccount(await deleteAccountDeps());
const EraseRequest = route.request(settings());

export const handler = httpRoute(route, EraseRequest, async (input, facts) => ({
  statusCode: 200,
  body: await remove(input, facts),
}));
