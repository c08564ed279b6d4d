// functions/resend: POST /v1/registrations/resend → resendCode → 202 {status: "accepted"}, alike for unknown names
import { ipIdempotency } from '../../shared/adapters/wiring/idempotency.js';
import { resendCodeDeps } from '../../shared/adapters/wiring/resend-code.js';
import { resendCode } from '../../shared/domain/registration/resend-code.js';
import { idempotentHttpRoute } from '../../shared/http/route.js';
import { resend as route } from '../../shared/http/routes/registration.js';

// Once per container.
const resend = resendCode(await resendCodeDeps());
const ResendRequest = route.request();

const guard = await ipIdempotency(route.endpoint.name);

export const handler = idempotentHttpRoute(route, ResendRequest, guard, async (input, facts) => {
  await resend(input, facts);
  return { statusCode: 202, body: { status: 'accepted' as const } };
});
