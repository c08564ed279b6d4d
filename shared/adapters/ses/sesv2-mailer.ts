// shared/adapters/ses: the Mailer port on Amazon SES v2 (SendEmail, simple content). The caller builds
// the SESv2Client once per container (shared/adapters/wiring/courier.ts) and passes it in; locally its
// endpoint points at aws-ses-v2-local. Errors propagate: the courier turns them into safe ones.
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mailer } from '../../domain/ports.js';

interface SesV2MailerOptions {
  readonly client: SESv2Client;
  /** Verified SES identity the mail comes from. */
  readonly fromAddress: string;
  /** SES configuration set for event destinations and reputation metrics. */
  readonly configurationSet?: string;
}

const UTF8 = 'UTF-8';

/**
 * @example
 * const mailer = createSesV2Mailer({ client: new SESv2Client({}), fromAddress: settings.email.fromAddress });
 */
const createSesV2Mailer = (options: SesV2MailerOptions): Mailer => ({
  send: async ({ to, subject, text, html }) => {
    await options.client.send(
      new SendEmailCommand({
        FromEmailAddress: options.fromAddress,
        Destination: { ToAddresses: [to] },
        Content: {
          Simple: {
            Subject: { Data: subject, Charset: UTF8 },
            Body: {
              Text: { Data: text, Charset: UTF8 },
              Html: { Data: html, Charset: UTF8 },
            },
          },
        },
        ...(options.configurationSet === undefined ? {} : { ConfigurationSetName: options.configurationSet }),
      }),
    );
  },
});

export { createSesV2Mailer };
export type { SesV2MailerOptions };
