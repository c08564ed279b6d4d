// infra/local: the local email outbox: AWS's SES v2 API as served by aws-ses-v2-local, started in this process.
// Its web page lists what was "sent"; GET /store gives the same as JSON.
import type { Server } from 'node:http';
import { StartupError } from './errors.js';
import { urlFor } from './tcp-ports.js';

export interface EmailOutboxOptions {
  /** 0 picks any free port. */
  readonly port: number;
  /** Defaults to 127.0.0.1. */
  readonly host?: string;
}

export interface EmailOutbox {
  /** Base URL: the SES endpoint, the web outbox, and `${url}/store` for JSON. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

type StartSesServer = (config?: Partial<{ host: string; port: number }>) => Promise<Server>;

/** aws-ses-v2-local is CommonJS with `exports.default`; loaders disagree on which object `default` is. */
const loadSesServer = async (): Promise<StartSesServer> => {
  const module = (await import('aws-ses-v2-local')) as unknown as { default: unknown };
  const exported = module.default as StartSesServer | { default: StartSesServer };
  return typeof exported === 'function' ? exported : exported.default;
};

/**
 * Starts the email outbox. The emails live in this process's memory: a restart empties the outbox.
 *
 * @example
 * const outbox = await startEmailOutbox({ port: 0 });
 * // SESv2Client({ endpoint: outbox.url, ... }) sends land in `${outbox.url}/store`.
 */
const startEmailOutbox = async (options: EmailOutboxOptions): Promise<EmailOutbox> => {
  const host = options.host ?? '127.0.0.1';
  const startSesServer = await loadSesServer();
  const server = await startSesServer({ host, port: options.port });
  // The package resolves even when listen fails (Express 5 hands the error to its callback).
  if (!server.listening) {
    server.close();
    throw new StartupError(`Email outbox cannot listen on port ${options.port}`);
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  let closing: Promise<void> | undefined;
  return {
    url: urlFor(host, port),
    port,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
};

export { startEmailOutbox };
