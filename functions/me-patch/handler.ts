// functions/me-patch: PATCH /v1/me → updateProfile → 200 {status: "updated"}
import { updateProfileDeps } from '../../shared/adapters/wiring/update-profile.js';
import { updateProfile } from '../../shared/domain/owner/update-profile.js';
import { httpRoute } from '../../shared/http/route.js';
import { mePatch as route } from '../../shared/http/routes/owner.js';

// Once per container.
const update = updateProfile(await updateProfileDeps());
const ProfilePatchRequest = route.request();

export const handler = httpRoute(route, ProfilePatchRequest, async (patch, facts) => ({
  statusCode: 200,
  body: await update(patch, facts),
}));
