// shared/domain/admin: an operator names an account by its name; the name becomes its blind index, the
// index's guard gives the account. The name itself is never stored or logged.
import { UnknownAccountError } from './errors.js';
import type { BlindIndexer } from '../ports.js';
import type { AdminAccountView, AdminStore } from './ports.js';
import type { AccountName } from '../types.js';

/** The live account of a normalized name; throws UnknownAccountError when there is none. */
const resolveAccount = async (
  deps: { readonly indexer: BlindIndexer; readonly store: Pick<AdminStore, 'findByNameIndex'> },
  accountName: AccountName,
  now: Date,
): Promise<AdminAccountView> => {
  const account = await deps.store.findByNameIndex(deps.indexer.index('name', accountName), now);
  if (account === undefined) throw new UnknownAccountError();
  return account;
};

export { resolveAccount };
