// infra/local: the local runtime's TCP ports: read from the environment, checked before anything starts, or picked
// free (port 0) when a caller (tests, benchmark) does not care which.
import { createServer } from 'node:net';
import { InvalidPortError, PortInUseError, StartupError } from './errors.js';

/** A port some part is about to listen on. `host` undefined means every interface (as DynamoDB Local binds). */
export interface PortClaim {
  readonly port: number;
  /** Names the port in messages: an environment variable for npm start, a part name otherwise. */
  readonly label: string;
  readonly host?: string | undefined;
}

/** Parses a port variable; empty or unset gives the default; fails naming the variable. */
const parsePort = (raw: string | undefined, variable: string, fallback: number): number => {
  if (raw === undefined || raw.trim() === '') {
    return fallback;
  }
  const trimmed = raw.trim();
  const port = /^\d{1,5}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isInteger(port) || port > 65_535) {
    throw new InvalidPortError(
      `Environment variable ${variable} must be a port number from 0 to 65535 (0 picks a free port), got ${JSON.stringify(trimmed.slice(0, 16))}`,
    );
  }
  return port;
};

/** Resolves true when the port can be bound on the host (undefined: every interface), false when it is taken. */
const isPortFree = (port: number, host?: string): Promise<boolean> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        resolve(false);
      } else {
        reject(
          new StartupError(`Port ${port} cannot be used (${error.code ?? error.name})`, { cause: error }),
        );
      }
    });
    server.listen({ port, host, exclusive: true }, () => {
      server.close(() => resolve(true));
    });
  });

/** A port that is free right now on the host (undefined: every interface). */
const findFreePort = (host?: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new StartupError('No free port found'))));
    });
  });

/**
 * Fails before anything starts when two parts claim the same port or a port is taken, naming it:
 * "Port 8000 (SIGNET_DYNAMODB_PORT) is already in use". Port 0 claims are skipped (picked later).
 */
const assertPortsFree = async (claims: readonly PortClaim[]): Promise<void> => {
  const seen = new Map<number, string>();
  for (const claim of claims) {
    if (claim.port === 0) {
      continue;
    }
    const other = seen.get(claim.port);
    if (other !== undefined) {
      throw new InvalidPortError(`Port ${claim.port} is given to both ${other} and ${claim.label}`);
    }
    seen.set(claim.port, claim.label);
  }
  for (const claim of claims) {
    if (claim.port !== 0 && !(await isPortFree(claim.port, claim.host))) {
      throw new PortInUseError(claim.port, claim.label);
    }
  }
};

/** The http URL of a listening host and port (wildcard hosts become loopback; IPv6 gets brackets). */
const urlFor = (host: string, port: number): string => {
  const reachable = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
};

export { assertPortsFree, findFreePort, isPortFree, parsePort, urlFor };
