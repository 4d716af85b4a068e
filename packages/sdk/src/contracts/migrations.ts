import type { Migration } from '../store/port.js';

/**
 * The contracts table (`0020_contracts`): one row per contract, keyed by its
 * account and id like every record under an account (docs/access.md), the
 * JSON record beside them. A contract write changes what admission reads (the
 * derived `agreement` flag), so it advances the data generation like the
 * other inputs of the figures.
 */
export const contractMigrations: readonly Migration[] = [
  {
    id: '0020_contracts',
    sql: `
CREATE TABLE contracts (
  id text NOT NULL,
  account_id text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (account_id, id)
);
${(['INSERT', 'UPDATE', 'DELETE'] as const)
  .map(
    (event) => `CREATE TRIGGER contracts_data_${event.toLowerCase()} AFTER ${event} ON contracts
  REFERENCING ${event === 'DELETE' ? 'OLD' : 'NEW'} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kamkit_data_changed();`,
  )
  .join('\n')}
`,
  },
];
