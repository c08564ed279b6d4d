// functions/me-contact-confirm: POST /v1/me/contact/confirm {code} → confirmContactChange → 200 {status: "changed"}
import { confirmContactChangeDeps } from '../../shared/adapters/wiring/confirm-contact-change.js';
import { confirmContactChange } from '../../shared/domain/owner/change-contact.js';
import { httpRoute } from '../../shared/http/route.js';
import { createContactConfirmRequestSchema } from '../../shared/http/schemas.js';

// Once per container.
const confirm = confirmContactChange(await confirmContactChangeDeps());
const ContactConfirmRequest = createContactConfirmRequestSchema();

export const handler = httpRoute(ContactConfirmRequest, async (input, facts) => ({
  statusCode: 200,
  body: await confirm(input, facts),
}));
