// functions/me-contact: POST /v1/me/contact {email | phone, currentPassword} → requestContactChange →
// 202 {channel, destination, expiresAt}, alike for a taken contact
import { settings } from '../../shared/adapters/wiring/environment.js';
import { requestContactChangeDeps } from '../../shared/adapters/wiring/request-contact-change.js';
import { requestContactChange } from '../../shared/domain/owner/change-contact.js';
import { httpRoute } from '../../shared/http/route.js';
import { meContact as route } from '../../shared/http/routes/owner.js';

// Once per container.
const request = requestContactChange(await requestContactChangeDeps());
const ContactChangeRequest = route.request(settings());

export const handler = httpRoute(route, ContactChangeRequest, async (input, facts) => ({
  statusCode: 202,
  body: await request(input, facts),
}));
