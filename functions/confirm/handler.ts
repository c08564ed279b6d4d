// functions/confirm: POST /v1/registrations/confirm → confirmRegistration → 200 {status: "active"}
import { confirmRegistrationDeps } from '../../shared/adapters/wiring/confirm-registration.js';
import { confirmRegistration } from '../../shared/domain/registration/confirm-registration.js';
import { httpRoute } from '../../shared/http/route.js';
import { createConfirmRequestSchema } from '../../shared/http/schemas.js';

// Once per container.
const confirm = confirmRegistration(await confirmRegistrationDeps());
const ConfirmRequest = createConfirmRequestSchema();

export const handler = httpRoute(ConfirmRequest, async (input) => ({
  statusCode: 200,
  body: await confirm(input),
}));
