// shared/adapters/wiring: the courier for the functions that send codes or notices. SES v2 for email and
// SNS for SMS, in AWS and locally alike: only the endpoint differs. One client of each per container.
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { ENV, optionalEnv } from '../../config/env.js';
import { createMessageCourier } from '../../domain/courier/message-courier.js';
import type { Courier } from '../../domain/ports.js';
import { createSesV2Mailer } from '../ses/sesv2-mailer.js';
import { createSnsTexter } from '../sns/sns-texter.js';
import { settings } from './environment.js';
import { once } from './once.js';

const withEndpoint = (name: string) => {
  const endpoint = optionalEnv(name);
  return endpoint === undefined ? {} : { endpoint };
};

const courier = /* @__PURE__ */ once((): Courier => {
  const { email, sms } = settings();
  return createMessageCourier({
    mailer: createSesV2Mailer({
      client: new SESv2Client(withEndpoint(ENV.sesEndpoint)),
      fromAddress: email.fromAddress,
      ...(email.configurationSet === undefined ? {} : { configurationSet: email.configurationSet }),
    }),
    texter: createSnsTexter({
      client: new SNSClient(withEndpoint(ENV.snsEndpoint)),
      allowedCountries: sms.allowedCountries,
      ...(sms.senderId === undefined ? {} : { senderId: sms.senderId }),
      ...(sms.originationNumber === undefined ? {} : { originationNumber: sms.originationNumber }),
    }),
  });
});

export { courier };
