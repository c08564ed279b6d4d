// shared/adapters/wiring: the courier for the functions that send codes or notices. SES v2 for email and
// SNS for SMS, in AWS and locally alike: only the endpoint differs. One client of each per container.
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { ENV, optionalEnv } from '../../config/env.js';
import { createMessageCourier } from '../../domain/courier/message-courier.js';
import type { Courier } from '../../domain/ports.js';
import { KeyedSha256 } from '../crypto/keyed-sha256.js';
import { createDynamoDbSmsBudget } from '../dynamodb/dynamodb-sms-budget.js';
import { createSesV2Mailer } from '../ses/sesv2-mailer.js';
import { createSnsTexter } from '../sns/sns-texter.js';
import { contactBudget, documentClient } from './dynamodb.js';
import { settings, systemClock, tableName } from './environment.js';
import { once } from './once.js';
import { blindIndexer } from './secrets.js';

/** A client's options: its local endpoint, if set, and signing with HMAC keys made once (crypto/keyed-sha256.ts). */
const withEndpoint = (name: string) => {
  const endpoint = optionalEnv(name);
  return { sha256: KeyedSha256, ...(endpoint === undefined ? {} : { endpoint }) };
};

const courier = /* @__PURE__ */ once((): Courier => {
  const { email, sms } = settings();
  const indexer = blindIndexer();
  // Awaited at each send; this only keeps a cold-start failure from being an unhandled rejection meanwhile.
  indexer.catch(() => undefined);
  return createMessageCourier({
    // Every SMS, code or notice, passes the prefix and stage budgets (shared/domain/courier/sms-budget.ts).
    smsBudget: createDynamoDbSmsBudget({
      client: documentClient(),
      tableName: tableName(),
      // Read on the first SMS: functions that never text never derive the key for it.
      indexer: blindIndexer,
      limits: sms,
    }),
    clock: systemClock,
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
    // Every message, code or notice, takes a slot of its contact's budget first.
    budget: { gate: contactBudget(), indexer, clock: systemClock },
  });
});

export { courier };
