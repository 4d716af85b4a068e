import type { Migration } from '../store/port.js';

/**
 * The survey responses table (`0022_surveys`): one row per response, keyed by
 * its account and id like every record under an account (docs/access.md),
 * the JSON record beside them. Responses feed the satisfaction index of the
 * KPI scorecard and the status card, so a write advances the data generation
 * like the other inputs of the figures.
 */
export const satisfactionMigrations: readonly Migration[] = [
  {
    id: '0022_surveys',
    sql: `
CREATE TABLE survey_responses (
  id text NOT NULL,
  account_id text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (account_id, id)
);
${(['INSERT', 'UPDATE', 'DELETE'] as const)
  .map(
    (event) => `CREATE TRIGGER survey_responses_data_${event.toLowerCase()} AFTER ${event} ON survey_responses
  REFERENCING ${event === 'DELETE' ? 'OLD' : 'NEW'} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kamkit_data_changed();`,
  )
  .join('\n')}
`,
  },
];
