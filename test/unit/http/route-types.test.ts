// test/unit/http: the compile-time ties of a route. A handler's result must be its route's status and a body
// of its response schema, and infra must give every route its entry. `npm run typecheck` checks the
// `@ts-expect-error` lines: each must be an error, or the build fails.
import { describe, expect, it } from 'vitest';
import type { RouteInfra } from '../../../infra/route-infra.js';
import { httpGetRoute, httpRoute } from '../../../shared/http/route.js';
import type { RouteName } from '../../../shared/http/routes/index.js';
import { meGet } from '../../../shared/http/routes/owner.js';
import { confirm, resend } from '../../../shared/http/routes/registration.js';

const ConfirmRequest = confirm.request();
const ResendRequest = resend.request();

describe('Function: httpRoute (types)', () => {
  it('takes a handler that answers its route’s status and response body', () => {
    // Act
    const ok = httpRoute(confirm, ConfirmRequest, async () => ({
      statusCode: 200,
      body: { status: 'active' as const },
    }));
    // @ts-expect-error: confirm answers {status: "active"}, not {status: "accepted"}.
    httpRoute(confirm, ConfirmRequest, async () => ({
      statusCode: 200,
      body: { status: 'accepted' as const },
    }));
    // @ts-expect-error: resend answers 202, not 200.
    httpRoute(resend, ResendRequest, async () => ({
      statusCode: 200,
      body: { status: 'accepted' as const },
    }));
    // @ts-expect-error: GET /v1/me answers the account export, not any object.
    httpGetRoute(meGet, async () => ({ statusCode: 200, body: { status: 'erased' as const } }));

    // Assess
    expect(typeof ok).toBe('function');
  });
});

describe('Table: ROUTE_INFRA (types)', () => {
  it('needs an entry for every route', () => {
    // Prepare
    const entry: RouteInfra = { hashes: false, grants: [], throttle: { rateLimit: 1, burstLimit: 1 } };

    // Act: a table that forgets one route, as infra/route-infra.ts is checked.
    const { confirm: _dropped, ...others } = {} as Record<RouteName, RouteInfra>;
    // @ts-expect-error: confirm has no infra entry.
    const incomplete = { ...others } satisfies Record<RouteName, RouteInfra>;

    // Assess
    expect(incomplete).toEqual({});
    expect(entry.grants).toEqual([]);
  });
});
