// functions/me-contact: POST /v1/me/contact {email | phone, currentPassword} → requestContactChange →
// 202 {channel, destination, expiresAt}, alike for a taken contact
import { bearerIdempotency } from '../../shared/adapters/wiring/bearer-idempotency.js';
import { settings } from '../../shared/adapters/wiring/environment.js';
import { requestContactChangeDeps } from '../../shared/adapters/wiring/request-contact-change.js';
import { requestContactChange } from '../../shared/domain/owner/change-contact.js';
import { idempotentHttpRoute } from '../../shared/http/route.js';
import { meContact as route } from '../../shared/http/routes/owner.js';

// Once per container.
const request = requestContactChange(await requestContactChangeDeps());
const ContactChangeRequest = route.request(settings());

const guard = await bearerIdempotency(route.endpoint.name);

export const handler = idempotentHttpRoute(route, ContactChangeRequest, guard, async (input, facts) => ({
  statusCode: 202,
  body: await request(input, facts),
}));
