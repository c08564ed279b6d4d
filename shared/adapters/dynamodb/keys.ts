// shared/adapters/dynamodb: item keys of the single table. Personal values never appear in a key:
// names and contacts are addressed by their blind index, accounts by an opaque random id.

const accountKey = (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: 'ACCOUNT' }) as const;
const nameGuardKey = (nameIndex: string) => ({ pk: `NAME#${nameIndex}`, sk: 'GUARD' }) as const;
const emailGuardKey = (emailIndex: string) => ({ pk: `EMAIL#${emailIndex}`, sk: 'GUARD' }) as const;
const phoneGuardKey = (phoneIndex: string) => ({ pk: `PHONE#${phoneIndex}`, sk: 'GUARD' }) as const;
/** The live code of a pending registration, beside its name guard. */
const registrationCodeKey = (nameIndex: string) => ({ pk: `NAME#${nameIndex}`, sk: 'CODE#registration' }) as const;
/** Rolling-window counter of owner notices sent to one contact. */
const noticeThrottleKey = (contactIndex: string) => ({ pk: `NOTICE#${contactIndex}`, sk: 'THROTTLE' }) as const;

/** Epoch seconds, the unit of DynamoDB TTL. */
const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

export {
  accountKey,
  emailGuardKey,
  epochSeconds,
  nameGuardKey,
  noticeThrottleKey,
  phoneGuardKey,
  registrationCodeKey,
};
