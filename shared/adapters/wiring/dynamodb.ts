// shared/adapters/wiring: the container's one DynamoDB document client and one store of each kind on it.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENV, optionalEnv } from '../../config/env.js';
import type { AdminStore, AuditLog } from '../../domain/admin/ports.js';
import type { CodeStore } from '../../domain/codes/ports.js';
import type { ContactBudget } from '../../domain/courier/ports.js';
import type { OwnerStore } from '../../domain/owner/ports.js';
import type { ContactThrottle } from '../../domain/ports.js';
import type { RegistrationStore } from '../../domain/registration/ports.js';
import type { RetentionStore } from '../../domain/retention/ports.js';
import type { AccountStore, IpFailureThrottle, SignInThrottle } from '../../domain/session/ports.js';
import type { TokenGenerations } from '../../domain/session/revoke-sessions.js';
import type { SessionFamilyStore } from '../../domain/session/session-families.js';
import { KeyedSha256 } from '../crypto/keyed-sha256.js';
import { createDynamoDbAccountStore } from '../dynamodb/dynamodb-account-store.js';
import { createDynamoDbAdminStore } from '../dynamodb/dynamodb-admin-store.js';
import { createDynamoDbAuditLog } from '../dynamodb/dynamodb-audit-log.js';
import { createDynamoDbContactBudget } from '../dynamodb/dynamodb-contact-budget.js';
import { createDynamoDbCodeStore } from '../dynamodb/dynamodb-code-store.js';
import { createDynamoDbOwnerStore } from '../dynamodb/dynamodb-owner-store.js';
import {
  createDynamoDbContactThrottle,
  createDynamoDbRegistrationStore,
} from '../dynamodb/dynamodb-registration-store.js';
import { createDynamoDbRetentionStore } from '../dynamodb/dynamodb-retention-store.js';
import { createDynamoDbSessionStore } from '../dynamodb/dynamodb-session-store.js';
import {
  createDynamoDbIpFailureThrottle,
  createDynamoDbSignInThrottle,
} from '../dynamodb/dynamodb-sign-in-throttle.js';
import { settings, tableName } from './environment.js';
import { once } from './once.js';

/**
 * The container's one low-level client (Powertools' idempotency layer takes it as it is), signing with HMAC
 * keys made once (crypto/keyed-sha256.ts).
 */
const dynamoDbClient = /* @__PURE__ */ once((): DynamoDBClient => {
  const endpoint = optionalEnv(ENV.dynamodbEndpoint);
  return new DynamoDBClient({ sha256: KeyedSha256, ...(endpoint === undefined ? {} : { endpoint }) });
});

const documentClient = /* @__PURE__ */ once((): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(dynamoDbClient(), {
    marshallOptions: { removeUndefinedValues: true },
  }),
);

/**
 * A store on the container's client and table, built on first use. Declared here, so esbuild drops the
 * stores a function never asks for.
 */
/* @__NO_SIDE_EFFECTS__ */
const tableStore = <T>(
  create: (table: { client: DynamoDBDocumentClient; tableName: string }) => T,
): (() => T) => once(() => create({ client: documentClient(), tableName: tableName() }));

const registrationStore = tableStore<RegistrationStore>(createDynamoDbRegistrationStore);

const contactThrottle = tableStore<ContactThrottle>(createDynamoDbContactThrottle);

/** Messages and code tries per contact (the courier's gate, and registration and contact-change confirms). */
const contactBudget = tableStore<ContactBudget>((table) =>
  createDynamoDbContactBudget({ ...table, limits: settings().contacts }),
);

const accountStore = tableStore<AccountStore>(createDynamoDbAccountStore);

/** One-time codes other than registration's: password reset, contact change. */
const codeStore = tableStore<CodeStore>((table) =>
  createDynamoDbCodeStore({
    ...table,
    tryLimits: { maxTriesPerDay: settings().codes.maxFailedAttemptsTotal },
  }),
);

const signInThrottle = tableStore<SignInThrottle>(createDynamoDbSignInThrottle);

const ipFailureThrottle = tableStore<IpFailureThrottle>(createDynamoDbIpFailureThrottle);

/** Export, profile and contact changes, erasure (shared/domain/owner, shared/domain/privacy). */
const ownerStore = tableStore<OwnerStore>(createDynamoDbOwnerStore);

const adminStore = tableStore<AdminStore>(createDynamoDbAdminStore);

const auditLog = tableStore<AuditLog>(createDynamoDbAuditLog);

const retentionStore = tableStore<RetentionStore>(createDynamoDbRetentionStore);

/** Session families and their refresh tokens; the token generation bump of revoke-all. */
const sessionStore = tableStore<SessionFamilyStore & TokenGenerations>(createDynamoDbSessionStore);

export {
  accountStore,
  adminStore,
  auditLog,
  codeStore,
  contactBudget,
  contactThrottle,
  documentClient,
  dynamoDbClient,
  ipFailureThrottle,
  ownerStore,
  registrationStore,
  retentionStore,
  sessionStore,
  signInThrottle,
};
