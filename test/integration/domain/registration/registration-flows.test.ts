// test/integration/domain/registration: the registration use cases on the real adapters (DynamoDB Local,
// the local SES and SMS servers, real crypto) with a clock the test moves, for what takes minutes or hours.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseAppSettings } from '../../../../shared/config/settings.js';
import { aesGcmFieldCipher } from '../../../../shared/adapters/crypto/aes-gcm-field-cipher.js';
import { createArgon2PasswordHasher } from '../../../../shared/adapters/crypto/argon2-password-hasher.js';
import { createHmacBlindIndexer } from '../../../../shared/adapters/crypto/hmac-blind-indexer.js';
import { createHmacCodeHasher } from '../../../../shared/adapters/crypto/hmac-code-hasher.js';
import { createLocalKeyService } from '../../../../shared/adapters/crypto/keyring-key-service.js';
import { nodeRandom } from '../../../../shared/adapters/crypto/node-random.js';
import { createDynamoDbContactBudget } from '../../../../shared/adapters/dynamodb/dynamodb-contact-budget.js';
import {
  createDynamoDbContactThrottle,
  createDynamoDbRegistrationStore,
} from '../../../../shared/adapters/dynamodb/dynamodb-registration-store.js';
import { createSesV2Mailer } from '../../../../shared/adapters/ses/sesv2-mailer.js';
import { createSnsTexter } from '../../../../shared/adapters/sns/sns-texter.js';
import { createMessageCourier } from '../../../../shared/domain/courier/message-courier.js';
import { DeliveryUnavailableError, InvalidCodeError } from '../../../../shared/domain/errors.js';
import { loadCommonPasswordBlocklist } from '../../../../shared/domain/password/blocklist.js';
import { createPasswordPolicy } from '../../../../shared/domain/password/password-policy.js';
import { confirmRegistration } from '../../../../shared/domain/registration/confirm-registration.js';
import { registerAccount } from '../../../../shared/domain/registration/register-account.js';
import { resendCode } from '../../../../shared/domain/registration/resend-code.js';
import type { AccountName, EmailAddress, Password } from '../../../../shared/domain/types.js';
import { latestEmailCode, signet, strongPassword, uniqueEmail, uniqueName, wrongCode } from '../../../helpers/api.js';
import { fixedClock } from '../../../helpers/fakes.js';

const commonPasswords = await loadCommonPasswordBlocklist();

const local = signet();
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = 'eu-west-2';
const settings = parseAppSettings({
  email: { fromAddress: 'no-reply@signet.local' },
  argon2: { memoryKiB: 8192, iterations: 1, parallelism: 1 },
});
const documentClient = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: local.dynamodbEndpoint, region, credentials }),
  { marshallOptions: { removeUndefinedValues: true } },
);

const courierFor = (emailEndpoint: string) =>
  createMessageCourier({
    mailer: createSesV2Mailer({
      client: new SESv2Client({ endpoint: emailEndpoint, region, credentials, maxAttempts: 1 }),
      fromAddress: settings.email.fromAddress,
    }),
    texter: createSnsTexter({ allowedCountries: ['GB', 'US', 'CN', 'DE', 'FR'], client: new SNSClient({ endpoint: local.smsUrl, region, credentials }) }),
  });

/** The three use cases on one set of real adapters, with a movable clock. */
const build = (emailEndpoint = local.emailUrl) => {
  const clock = fixedClock(new Date().toISOString());
  const store = createDynamoDbRegistrationStore({ client: documentClient, tableName: local.tableName });
  const common = {
    settings,
    indexer: createHmacBlindIndexer(randomBytes(32)),
    codes: createHmacCodeHasher(randomBytes(32)),
    store,
    clock,
    random: nodeRandom,
    keys: createLocalKeyService(randomBytes(32)),
    cipher: aesGcmFieldCipher,
    courier: courierFor(emailEndpoint),
    budget: createDynamoDbContactBudget({
      client: documentClient,
      tableName: local.tableName,
      limits: settings.contacts,
    }),
  };
  return {
    clock,
    common,
    register: registerAccount({
      ...common,
      policy: createPasswordPolicy(settings.password, commonPasswords),
      hasher: createArgon2PasswordHasher(settings.argon2),
      noticeThrottle: createDynamoDbContactThrottle({ client: documentClient, tableName: local.tableName }),
    }),
    confirm: confirmRegistration(common),
    resend: resendCode(common),
  };
};

const person = () => ({
  accountName: uniqueName('flow') as AccountName,
  password: strongPassword() as Password,
  email: uniqueEmail() as EmailAddress,
  channel: 'email' as const,
  locale: 'en' as const,
});

describe('Registration flows over time', () => {
  it('cancels a pending registration after 10 failed tries across codes, freeing its name and email', async () => {
    // Prepare
    const flows = build();
    const who = person();
    await flows.register(who);
    const firstCode = await latestEmailCode(who.email);

    // Act: 5 wrong tries kill the first code; a resend after the cooldown; 5 more wrong tries.
    for (let i = 0; i < 5; i += 1) {
      await expect(flows.confirm({ accountName: who.accountName, code: wrongCode(firstCode) })).rejects.toBeInstanceOf(InvalidCodeError);
    }
    flows.clock.advance(61);
    await flows.resend({ accountName: who.accountName });
    const secondCode = await latestEmailCode(who.email);
    for (let i = 0; i < 5; i += 1) {
      await expect(flows.confirm({ accountName: who.accountName, code: wrongCode(secondCode) })).rejects.toBeInstanceOf(InvalidCodeError);
    }
    const rightButTooLate = await flows.confirm({ accountName: who.accountName, code: secondCode }).catch((error: unknown) => error);
    const again = await flows.register({ ...who, password: strongPassword() as Password });

    // Assess
    expect(secondCode).not.toBe(firstCode);
    expect(rightButTooLate).toBeInstanceOf(InvalidCodeError);
    expect(again.accountName).toBe(who.accountName);
  });

  it('lets a resent code confirm, and the superseded code no longer works', async () => {
    // Prepare
    const flows = build();
    const who = person();
    await flows.register(who);
    const oldCode = await latestEmailCode(who.email);
    flows.clock.advance(60);

    // Act
    await flows.resend({ accountName: who.accountName });
    const newCode = await latestEmailCode(who.email);
    const withOld = await flows.confirm({ accountName: who.accountName, code: oldCode }).catch((error: unknown) => error);

    // Assess
    expect(withOld).toBeInstanceOf(InvalidCodeError);
    await expect(flows.confirm({ accountName: who.accountName, code: newCode })).resolves.toEqual({ status: 'active' });
  });

  it('frees the name and email of a registration left unconfirmed for 24 hours', async () => {
    // Prepare
    const flows = build();
    const who = person();
    await flows.register(who);
    const code = await latestEmailCode(who.email);

    // Act
    flows.clock.advance(24 * 3600 + 1);
    const lapsedConfirm = await flows.confirm({ accountName: who.accountName, code }).catch((error: unknown) => error);
    const again = await flows.register({ ...who, password: strongPassword() as Password });

    // Assess
    expect(lapsedConfirm).toBeInstanceOf(InvalidCodeError);
    expect(again.accountName).toBe(who.accountName);
  });

  it('answers 503 delivery_unavailable when the email provider is down, and the user can resend at once', async () => {
    // Prepare: an SES endpoint nothing listens on.
    const down = build('http://127.0.0.1:9');
    const who = person();

    // Act
    const registering = down.register(who);
    await expect(registering).rejects.toBeInstanceOf(DeliveryUnavailableError);
    const up = build();
    const resending = resendCode({ ...down.common, courier: up.common.courier })({ accountName: who.accountName });

    // Assess
    await expect(resending).resolves.toBeUndefined();
    const code = await latestEmailCode(who.email);
    await expect(down.confirm({ accountName: who.accountName, code })).resolves.toEqual({ status: 'active' });
  });
});
