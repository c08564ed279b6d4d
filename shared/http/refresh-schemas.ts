// shared/http: the request and response bodies of refresh and sign-out (POST /v1/sessions/refresh,
// /v1/sessions/logout, /v1/me/sessions/revoke-all), as strict zod schemas beside schemas.ts.
import * as z from 'zod';

/** A refresh token as Signet issues them: 43 characters of base64url; the cap only stops absurd input. */
const refreshTokenField = () =>
  z
    .string()
    .max(256)
    .meta({
      examples: ['3q2-7wEAAAB4c2lnbmV0LXJlZnJlc2gtdG9rZW4tZXhh'],
      description: 'The refresh token from the last sign-in or refresh (opaque, base64url).',
    });

const createRefreshRequestSchemas = () => {
  const RefreshRequest = z
    .strictObject({
      refreshToken: refreshTokenField(),
      clientId: z
        .string()
        .max(64)
        .meta({ examples: ['local-app'], description: 'The app client the session was signed in for.' }),
    })
    .meta({ description: 'Trades a refresh token for a new access token and a new refresh token.' });

  const LogoutRequest = z
    .strictObject({ refreshToken: refreshTokenField() })
    .meta({ description: 'Ends the session (family) the refresh token belongs to.' });

  const RevokeAllRequest = z
    .strictObject({})
    .meta({ description: 'No fields: the body may be `{}` or left out.' });

  return { RefreshRequest, LogoutRequest, RevokeAllRequest };
};

/** A valid body of each request, shown in the OpenAPI document. */
const REFRESH_REQUEST_EXAMPLES = {
  RefreshRequest: { refreshToken: '3q2-7wEAAAB4c2lnbmV0LXJlZnJlc2gtdG9rZW4tZXhh', clientId: 'local-app' },
  LogoutRequest: { refreshToken: '3q2-7wEAAAB4c2lnbmV0LXJlZnJlc2gtdG9rZW4tZXhh' },
  RevokeAllRequest: {},
} as const;

/** The refresh token fields of a token pair. */
const refreshTokenFields = {
  refreshToken: /* @__PURE__ */ z.string().meta({
    description:
      'Opaque (256 random bits, base64url). Each use rotates it: keep the newest one; presenting a replaced one ends the session.',
  }),
  refreshExpiresIn: /* @__PURE__ */ z
    .number()
    .int()
    .nonnegative()
    .meta({ description: "Seconds until the session's absolute expiry (it also ends after days unused)." }),
};

/** 200 to POST /v1/sessions/logout and POST /v1/me/sessions/revoke-all. */
const SignedOutSchema = /* @__PURE__ */ z
  .strictObject({ status: z.literal('signed_out') })
  .meta({ description: 'Signed out.' });

export { createRefreshRequestSchemas, REFRESH_REQUEST_EXAMPLES, refreshTokenFields, SignedOutSchema };
