// shared/http: whose address a request counts as. Through the page's CloudFront distribution, API Gateway's
// source IP is an edge's; CloudFront then sends the viewer's address (x-signet-viewer-ip, set by a CloudFront
// Function over whatever the viewer sent) and the origin-verify secret (x-signet-origin-verify, a custom origin
// header). infra/constructs/signet-page.ts sets both up, with these names.
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP, isIPv6 } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ENV, optionalEnv } from '../config/env.js';

/** Set by the page's CloudFront Function to the viewer's address, over whatever the viewer sent. */
const VIEWER_IP_HEADER = 'x-signet-viewer-ip';
/** Added by CloudFront to every request it sends the API: the origin-verify secret (SIGNET_ORIGIN_VERIFY). */
const ORIGIN_VERIFY_HEADER = 'x-signet-origin-verify';

/** A header's value, whatever the case of its name. */
const headerOf = (
  headers: APIGatewayProxyEventV2['headers'] | undefined,
  name: string,
): string | undefined => {
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
};

const sha256 = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Whether the request carries the expected origin-verify value. Both sides are hashed first, so that the
 * comparison is constant-time whatever the lengths, and neither value is ever logged.
 */
const cameThroughDistribution = (event: APIGatewayProxyEventV2, expected: string | undefined): boolean => {
  if (expected === undefined) return false;
  const presented = headerOf(event.headers, ORIGIN_VERIFY_HEADER);
  if (presented === undefined) return false;
  return timingSafeEqual(sha256(presented), sha256(expected));
};

/**
 * The address a budget counts: an IPv4 address as it is; an IPv6 address as its /64 network
 * (`2001:db8:0:1::/64`), since one subscriber or host is routinely given a whole /64 and could otherwise take
 * a fresh budget from each of its 2^64 addresses; an IPv4-mapped IPv6 address as the IPv4 address.
 */
const budgetAddressOf = (ip: string): string => {
  if (!isIPv6(ip)) return ip;
  const lower = ip.toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower);
  if (mapped?.[1] !== undefined) return mapped[1];
  const halves = lower.split('::');
  const partsOf = (half: string | undefined): string[] =>
    half === undefined || half === '' ? [] : half.split(':');
  const head = partsOf(halves[0]);
  const tail = partsOf(halves[1]);
  // A dotted IPv4 tail (`::1.2.3.4`) stands for two groups.
  const groups = (parts: readonly string[]): number =>
    parts.reduce((n, part) => n + (part.includes('.') ? 2 : 1), 0);
  const zeros = halves.length === 2 ? Array.from({ length: 8 - groups(head) - groups(tail) }, () => '0') : [];
  const all = [...head, ...zeros, ...tail];
  return `${all
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
};

/**
 * The caller's address. API Gateway's source IP is CloudFront's edge for a request through the page's
 * distribution, so there the viewer's address is taken from `x-signet-viewer-ip`, but only when the request
 * also carries the origin-verify secret, which only CloudFront has: a direct caller who sends the header is
 * counted by its own source IP. A value that is not an IPv4 or IPv6 address is ignored.
 */
const callerIpOf = (event: APIGatewayProxyEventV2, env: NodeJS.ProcessEnv = process.env): string => {
  const sourceIp = event.requestContext?.http?.sourceIp ?? 'unknown';
  if (!cameThroughDistribution(event, optionalEnv(ENV.originVerify, env))) return budgetAddressOf(sourceIp);
  const viewerIp = headerOf(event.headers, VIEWER_IP_HEADER)?.trim();
  return budgetAddressOf(viewerIp !== undefined && isIP(viewerIp) !== 0 ? viewerIp : sourceIp);
};

export { budgetAddressOf, callerIpOf, ORIGIN_VERIFY_HEADER, VIEWER_IP_HEADER };
