// shared/page: the security headers of the page's responses, one list for both servers: infra/local's HTTP
// server sends them with each file, and CloudFront's response headers policy (infra/constructs/signet-page.ts)
// adds the same ones in AWS.

/**
 * The Content Security Policy: everything from the page's own origin, no inline script or style (none is
 * needed), no plugin, no <base>, forms post only to the origin, and no framing (clickjacking).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Header names (lower case) and values sent with every file of the page. */
const PAGE_SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
} as const;

/** The content type of each kind of file the page is built into. */
const PAGE_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

export { CONTENT_SECURITY_POLICY, PAGE_CONTENT_TYPES, PAGE_SECURITY_HEADERS };
