import type { Migration } from '../store/port.js';
import type { ResultsStore } from './results-store.js';

/**
 * The tables whose writes change a month's figures: each write advances the
 * data generation. Contracts, tasks and survey responses do too, by triggers
 * their own migrations add.
 */
export const FIGURE_TABLES = [
  'users',
  'accounts',
  'contacts',
  'transactions',
  'payments',
  'interactions',
  'complaints',
  'tier_overrides',
] as const;

/** Statement triggers that record the writing transaction when it changed at least one row. */
function changeTriggers(table: string): string {
  return (['INSERT', 'UPDATE', 'DELETE'] as const)
    .map((event) => {
      const transition = event === 'DELETE' ? 'OLD TABLE AS changed' : 'NEW TABLE AS changed';
      return `CREATE TRIGGER ${table}_data_${event.toLowerCase()} AFTER ${event} ON ${table}
  REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION kamkit_data_changed();`;
    })
    .join('\n');
}

/**
 * The stored monthly results (`0014_…`): one row per month × account and one
 * per month, and the data generation — one row per writing transaction in
 * `kamkit_data_changes`, recorded by statement triggers in the write's own
 * transaction, so the generation (the number of rows) counts committed
 * writes only and never blocks two writers on one counter row.
 *
 * `0015_…` keeps that log short: {@link ResultsStore.compactDataChanges}
 * moves committed rows into one counter (`kamkit_data_generation`), and the
 * generation is the counter plus the rows left — the same number before and
 * after, so stored results keep their freshness.
 *
 * `0026_…` keeps the whole portfolio's agendas of one more day per month
 * (`day_agenda_results`), with the data generation they were computed at.
 */
export const resultsMigrations: readonly Migration[] = [
  {
    id: '0014_results',
    sql: `
CREATE TABLE kamkit_data_changes (
  txid bigint PRIMARY KEY
);

CREATE FUNCTION kamkit_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM changed) THEN
    INSERT INTO kamkit_data_changes (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;
${FIGURE_TABLES.map(changeTriggers).join('\n')}

CREATE TABLE portfolio_month_results (
  month text PRIMARY KEY CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
  today text NOT NULL,
  policy_fingerprint text NOT NULL,
  data_generation bigint NOT NULL,
  computed_at timestamptz NOT NULL,
  account_count integer NOT NULL,
  data jsonb NOT NULL,
  agendas jsonb NOT NULL
);

CREATE TABLE account_month_results (
  month text NOT NULL REFERENCES portfolio_month_results (month) ON DELETE CASCADE,
  account_id text NOT NULL,
  rank integer NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (month, account_id)
);
CREATE INDEX account_month_results_rank ON account_month_results (month, rank);
`,
  },
  {
    id: '0015_data_changes_compaction',
    sql: `
CREATE TABLE kamkit_data_generation (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  compacted bigint NOT NULL CHECK (compacted >= 0)
);
INSERT INTO kamkit_data_generation (id, compacted) VALUES (true, 0);
`,
  },
  {
    id: '0026_day_agendas',
    sql: `
CREATE TABLE day_agenda_results (
  month text PRIMARY KEY CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
  day text NOT NULL CHECK (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  policy_fingerprint text NOT NULL,
  data_generation bigint NOT NULL,
  computed_at timestamptz NOT NULL,
  agendas jsonb NOT NULL
);
`,
  },
  {
    // The analysis lists every account that moved: its own column, so the
    // month's tier counts (`kamkit tier`) read a row that does not grow with it.
    id: '0027_portfolio_analysis_column',
    sql: `
ALTER TABLE portfolio_month_results ADD COLUMN analysis jsonb;
UPDATE portfolio_month_results SET analysis = data->'analysis', data = data - 'analysis';
ALTER TABLE portfolio_month_results ALTER COLUMN analysis SET NOT NULL;
`,
  },
  {
    // Every owner's agenda in a row of its own: at 100,000 accounts the
    // agendas were ~150 MB in one value, more than PGlite could insert.
    id: '0028_owner_agenda_rows',
    sql: `
CREATE TABLE owner_agenda_results (
  month text NOT NULL REFERENCES portfolio_month_results (month) ON DELETE CASCADE,
  position integer NOT NULL,
  agenda jsonb NOT NULL,
  PRIMARY KEY (month, position)
);
INSERT INTO owner_agenda_results (month, position, agenda)
  SELECT p.month, a.n::int, a.agenda
  FROM portfolio_month_results p, jsonb_array_elements(p.agendas) WITH ORDINALITY AS a(agenda, n);
ALTER TABLE portfolio_month_results DROP COLUMN agendas;
`,
  },
  {
    // One owner may hold every account (an unassigned portfolio: one agenda
    // of ~150 MB at 100,000 accounts): an agenda is kept in parts.
    id: '0029_owner_agenda_parts',
    sql: `
ALTER TABLE owner_agenda_results ADD COLUMN part integer NOT NULL DEFAULT 0;
ALTER TABLE owner_agenda_results DROP CONSTRAINT owner_agenda_results_pkey;
ALTER TABLE owner_agenda_results ADD PRIMARY KEY (month, position, part);
`,
  },
  {
    // The analysis's account lists (gained, lost, fluctuating, the top tier:
    // ~20 MB at 100,000 accounts) in parts of their own, so no one value a
    // reader fetches grows with the portfolio. Months stored before are cut
    // into parts the same way (2,000 accounts each).
    id: '0030_portfolio_analysis_parts',
    sql: `
CREATE TABLE portfolio_analysis_parts (
  month text NOT NULL REFERENCES portfolio_month_results (month) ON DELETE CASCADE,
  list text NOT NULL,
  part integer NOT NULL,
  accounts jsonb NOT NULL,
  PRIMARY KEY (month, list, part)
);
WITH lists AS (
  SELECT p.month, l.list, l.accounts
  FROM portfolio_month_results p
  CROSS JOIN LATERAL (VALUES
    ('gained', p.analysis->'gained'),
    ('lost', p.analysis->'lost'),
    ('fluctuating', p.analysis->'fluctuating'),
    ('topTier', p.analysis->'topTier'->'accounts')) AS l(list, accounts)
  WHERE jsonb_typeof(p.analysis->'gained') = 'array' AND jsonb_typeof(p.analysis->'lost') = 'array'
    AND jsonb_typeof(p.analysis->'fluctuating') = 'array'
    AND jsonb_typeof(p.analysis->'topTier'->'accounts') = 'array'
), parts AS (
  INSERT INTO portfolio_analysis_parts (month, list, part, accounts)
  SELECT l.month, l.list, ((e.n - 1) / 2000)::int, jsonb_agg(e.account ORDER BY e.n)
  FROM lists l CROSS JOIN LATERAL jsonb_array_elements(l.accounts) WITH ORDINALITY AS e(account, n)
  GROUP BY l.month, l.list, (e.n - 1) / 2000
)
UPDATE portfolio_month_results
  SET analysis = analysis || '{"gained": [], "lost": [], "fluctuating": []}'::jsonb
    || jsonb_build_object('topTier', (analysis->'topTier') || '{"accounts": []}'::jsonb)
  WHERE month IN (SELECT month FROM lists);
`,
  },
  {
    // A day's agendas kept as the month's are (0028, 0029): a row per owner,
    // in parts when large. As one value they were ~150 MB at 100,000
    // unassigned accounts, and `kamkit due` on another day ran PGlite out of memory.
    id: '0031_day_agenda_parts',
    sql: `
CREATE TABLE day_agenda_parts (
  month text NOT NULL REFERENCES day_agenda_results (month) ON DELETE CASCADE,
  position integer NOT NULL,
  part integer NOT NULL,
  agenda jsonb NOT NULL,
  PRIMARY KEY (month, position, part)
);
INSERT INTO day_agenda_parts (month, position, part, agenda)
  SELECT d.month, a.n::int, 0, a.agenda
  FROM day_agenda_results d, jsonb_array_elements(d.agendas) WITH ORDINALITY AS a(agenda, n);
ALTER TABLE day_agenda_results DROP COLUMN agendas;
`,
  },
  {
    // An analysis list's part as one JSON text of columns (focus-columns.ts),
    // read as text: ~4× smaller than the JSONB objects, which at 100,000
    // accounts were ~20 MB that every monthly report converted back to text.
    // Parts stored before keep their objects and are read as they are.
    id: '0033_analysis_parts_columns',
    sql: `
ALTER TABLE portfolio_analysis_parts ADD COLUMN columns text;
ALTER TABLE portfolio_analysis_parts ALTER COLUMN accounts DROP NOT NULL;
ALTER TABLE portfolio_analysis_parts ADD CONSTRAINT portfolio_analysis_parts_one_form
  CHECK ((columns IS NULL) <> (accounts IS NULL));
`,
  },
];
