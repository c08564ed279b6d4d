// functions/me-contact-confirm: POST /v1/me/contact/confirm {code} → confirmContactChange → 200 {status: "changed"}
import { bearerIdempotency } from '../../shared/adapters/wiring/bearer-idempotency.js';
import { confirmContactChangeDeps } from '../../shared/adapters/wiring/confirm-contact-change.js';
import { confirmContactChange } from '../../shared/domain/owner/change-contact.js';
import { idempotentHttpRoute } from '../../shared/http/route.js';
import { meContactConfirm as route } from '../../shared/http/routes/owner.js';

// Once per container.
const confirm = confirmContactChange(await confirmContactChangeDeps());
const ContactConfirmRequest = route.request();

const guard = await bearerIdempotency(route.endpoint.name);

export const handler = idempotentHttpRoute(route, ContactConfirmRequest, guard, async (input, facts) => ({
  statusCode: 200,
  body: await confirm(input, facts),
}));
