import type { Migration } from '../store/port.js';

/**
 * Schema migrations of the 360° module (ids `0100_…`–`0199_…`), applied by
 * the store's migration runner. Whole records are kept as `jsonb` beside the
 * columns that are filtered on; `r360_submissions` has one row per
 * nomination, which is what makes concurrent submissions safe.
 */
export const review360Migrations: Migration[] = [
  {
    id: '0100_review360_core',
    sql: `
CREATE TABLE IF NOT EXISTS r360_cycles (
  id text PRIMARY KEY,
  state text NOT NULL,
  version integer NOT NULL,
  data jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS r360_nominations (
  id text PRIMARY KEY,
  cycle_id text NOT NULL REFERENCES r360_cycles(id),
  subject_id text NOT NULL,
  rater_key text NOT NULL,
  status text NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS r360_nominations_cycle ON r360_nominations (cycle_id, subject_id);
CREATE INDEX IF NOT EXISTS r360_nominations_rater ON r360_nominations (cycle_id, rater_key);
CREATE TABLE IF NOT EXISTS r360_invitations (
  token_hash text PRIMARY KEY,
  nomination_id text NOT NULL REFERENCES r360_nominations(id),
  cycle_id text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS r360_submissions (
  cycle_id text NOT NULL,
  nomination_id text NOT NULL,
  subject_id text NOT NULL,
  rater_key text NOT NULL,
  relation text NOT NULL,
  answers jsonb NOT NULL,
  comments jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'submitted')),
  content_hash text NOT NULL,
  version integer NOT NULL,
  updated_at timestamptz NOT NULL,
  submitted_at timestamptz,
  PRIMARY KEY (cycle_id, nomination_id)
);
CREATE INDEX IF NOT EXISTS r360_submissions_subject ON r360_submissions (cycle_id, subject_id);
CREATE TABLE IF NOT EXISTS r360_appeals (
  id text PRIMARY KEY,
  cycle_id text NOT NULL,
  subject_id text NOT NULL,
  status text NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS r360_appeals_cycle ON r360_appeals (cycle_id, subject_id);
CREATE TABLE IF NOT EXISTS r360_results (
  cycle_id text NOT NULL,
  subject_id text NOT NULL,
  version integer NOT NULL,
  computed_at timestamptz NOT NULL,
  result jsonb NOT NULL,
  outlier_flags jsonb NOT NULL,
  PRIMARY KEY (cycle_id, subject_id)
);
CREATE TABLE IF NOT EXISTS r360_audit (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  entity text NOT NULL,
  entity_id text NOT NULL,
  before jsonb,
  after jsonb,
  reason text
);
CREATE INDEX IF NOT EXISTS r360_audit_entity ON r360_audit (entity, entity_id);
`,
  },
];
