import type { Migration } from '../store/port.js';

/**
 * The units' monthly narratives (`0023_unit_plans`): one row per division and
 * month, the JSON record beside them. A narrative is read by the reports at
 * read time and changes no figure, so it does not advance the data generation.
 */
export const unitPlanMigrations: readonly Migration[] = [
  {
    id: '0023_unit_plans',
    sql: `
CREATE TABLE unit_plans (
  id text PRIMARY KEY,
  division text NOT NULL,
  period text NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX unit_plans_period ON unit_plans (period, division);
`,
  },
];
