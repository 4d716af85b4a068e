import type { Migration } from '../store/port.js';

/**
 * The claims table (`0024_claims`): one row per attribution claim, keyed by
 * its id, with the account, both divisions and the status beside the JSON
 * record (the scoped store lists a division's claims and the pending ones).
 * A claim changes no figure, so it does not advance the data generation; an
 * accepted or decided claim moves the account, whose write does.
 */
export const claimMigrations: readonly Migration[] = [
  {
    id: '0024_claims',
    sql: `
CREATE TABLE claims (
  id text PRIMARY KEY,
  account_id text NOT NULL,
  claimant_division text NOT NULL,
  holding_division text NOT NULL,
  status text NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX claims_account ON claims (account_id);
CREATE INDEX claims_claimant ON claims (claimant_division);
CREATE INDEX claims_holding ON claims (holding_division);
`,
  },
];
