// Probe (issue 14, P8): the least a set-based accounts import can cost in PGlite, statement by
// statement, on an empty, migrated store — COPY into a staging table, then the three rows every
// imported account needs (profile, first version, audit entry) each written by one INSERT … SELECT,
// with and without the secondary indexes kept up to date while inserting. No validation and no
// JSON documents beyond id, name and division: a floor, not an import.
// Usage: node bench/p8-floor-probe.mjs [accounts CSV] (default: bench/.data/accounts-100000.csv)

import { cpSync, openAsBlob, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const benchDir = new URL('.', import.meta.url).pathname;
const file = process.argv[2] ?? join(benchDir, '.data/accounts-100000.csv');
const sdk = await import(join(benchDir, '../packages/sdk/dist/index.js'));
const { PGlite } = await import('@electric-sql/pglite');
const { pgliteOptions } = await import('./lib/pglite-options.mjs');

const template = join(tmpdir(), `kamkit-p8-floor-${process.pid}`);
await (await sdk.openStore({ dataDir: template })).close();

const SECONDARY = [
  ['accounts_division', 'accounts (division)'],
  ['accounts_owner_a', 'accounts (owner_a)'],
  ['accounts_owner_b', 'accounts (owner_b)'],
  ['accounts_parent', 'accounts (parent_id)'],
  ['audit_log_entity', 'audit_log (entity, entity_id)'],
  ['audit_log_actor', 'audit_log (actor)'],
  ['audit_log_at', 'audit_log (at)'],
];

for (const deferIndexes of [false, true]) {
  const folder = `${template}-${deferIndexes ? 'deferred' : 'kept'}`;
  rmSync(folder, { recursive: true, force: true });
  cpSync(template, folder, { recursive: true });
  let mark = performance.now();
  const laps = [];
  const lap = (label) => {
    const now = performance.now();
    laps.push(`${label} ${Math.round(now - mark)} ms`);
    mark = now;
  };
  const db = await PGlite.create(folder, pgliteOptions());
  lap('open');
  await db.exec('BEGIN');
  await db.exec('CREATE TEMP TABLE staged (id text, name text, division text)');
  await db.query(`COPY staged FROM '/dev/blob' WITH (FORMAT csv, HEADER)`, [], {
    blob: await openAsBlob(file),
  });
  lap('COPY into staging');
  await db.exec(`CREATE TEMP TABLE input AS SELECT id, division,
    jsonb_build_object('id', id, 'name', name, 'division', division) AS data FROM staged`);
  lap('documents');
  if (deferIndexes) {
    await db.exec(`DROP INDEX ${SECONDARY.map(([name]) => name).join(', ')}`);
    lap('drop secondary indexes');
  }
  await db.exec(`INSERT INTO accounts (id, version, division, owner_a, owner_b, parent_id, data)
    SELECT id, 1, division, NULL, NULL, NULL, data FROM input`);
  lap('profiles');
  await db.exec(`INSERT INTO account_versions (account_id, version, data, actor, at, reason)
    SELECT id, 1, data, 'import', now(), NULL FROM input`);
  lap('versions');
  await db.exec(`INSERT INTO audit_log (at, actor, action, entity, entity_id, before_data, after_data, reason)
    SELECT now(), 'import', 'account.create', 'account', id, 'null'::jsonb, data, NULL FROM input`);
  lap('audit entries');
  if (deferIndexes) {
    await db.exec(SECONDARY.map(([name, on]) => `CREATE INDEX ${name} ON ${on};`).join('\n'));
    lap('rebuild secondary indexes');
  }
  await db.exec('COMMIT');
  await db.close();
  lap('commit and close');
  console.log(`${deferIndexes ? 'indexes rebuilt after' : 'indexes kept'}: ${laps.join(' · ')}`);
  rmSync(folder, { recursive: true, force: true });
}
rmSync(template, { recursive: true, force: true });
