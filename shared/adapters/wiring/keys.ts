// shared/adapters/wiring: per-account data keys for the functions that encrypt or decrypt personal
// fields. KMS in AWS (one client per container), the local master key locally; AES-256-GCM per field.
import { KMSClient } from '@aws-sdk/client-kms';
import { ENV, requireEnv } from '../../config/env.js';
import type { FieldCipher, KeyService } from '../../domain/ports.js';
import { aesGcmFieldCipher } from '../crypto/aes-gcm-field-cipher.js';
import { createKmsKeyService, createLocalKeyService } from '../crypto/keyring-key-service.js';
import { keyMode } from './environment.js';
import { once } from './once.js';
import { secrets } from './secrets.js';

const keyService = /* @__PURE__ */ once(async (): Promise<KeyService> => {
  if (keyMode() === 'local') {
    const { masterKey } = await secrets();
    if (masterKey === undefined)
      throw new Error(`The local secrets file (${ENV.localSecretsFile}) has no master key`);
    return createLocalKeyService(masterKey);
  }
  return createKmsKeyService({ keyArn: requireEnv(ENV.kmsKeyArn), client: new KMSClient({}) });
});

const fieldCipher: FieldCipher = aesGcmFieldCipher;

export { fieldCipher, keyService };
