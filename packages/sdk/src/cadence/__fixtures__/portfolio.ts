import { type Account, type AccountInput, AccountSchema } from '../../domain/account.js';
import { type Interaction, type InteractionInput, InteractionSchema } from '../../domain/interaction.js';

/** A validated account with sensible defaults for tests. */
export function account(input: Partial<AccountInput> & { id: string }): Account {
  return AccountSchema.parse({ name: input.id, division: 'east', ...input });
}

let sequence = 0;

/** A validated interaction; `at` may be a local Shanghai date `YYYY-MM-DD` (taken as 10:00 local). */
export function interaction(
  input: Omit<InteractionInput, 'id' | 'userId'> & { id?: string; userId?: string },
): Interaction {
  sequence += 1;
  const at = /^\d{4}-\d{2}-\d{2}$/.test(input.at) ? `${input.at}T10:00:00+08:00` : input.at;
  return InteractionSchema.parse({ id: `i${sequence}`, userId: 'u1', ...input, at });
}
