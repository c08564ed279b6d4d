// functions/resend: POST /v1/registrations/resend → resendCode → 202 {status: "accepted"}, alike for unknown names
import { resendCodeDeps } from '../../shared/adapters/wiring/resend-code.js';
import { resendCode } from '../../shared/domain/registration/resend-code.js';
import { httpRoute } from '../../shared/http/route.js';
import { resend as route } from '../../shared/http/routes/registration.js';

// Once per container.
const resend = resendCode(await resendCodeDeps());
const ResendRequest = route.request();

export const handler = httpRoute(route, ResendRequest, async (input, facts) => {
  await resend(input, facts);
  return { statusCode: 202, body: { status: 'accepted' as const } };
});
