import type { Migration } from '../store/port.js';

/**
 * The relationship development plans (`0025_relationship_plans`): one row per
 * account and half-year, keyed by account and id like every record under an
 * account (docs/access.md), the JSON record in `data`. A plan changes no
 * stored figure (the due list reads plans when it is shown), so it does not
 * advance the data generation.
 */
export const relationshipPlanMigrations: readonly Migration[] = [
  {
    id: '0025_relationship_plans',
    sql: `
CREATE TABLE relationship_plans (
  id text NOT NULL,
  account_id text NOT NULL,
  half_year text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX relationship_plans_half_year ON relationship_plans (half_year, account_id);
`,
  },
];
