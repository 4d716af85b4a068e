/**
 * Every attribute and flag a shipped preset reads is named in docs/concepts.md,
 * so an importer knows which column header fills it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../..');
const presetFolders = ['tiering/presets', 'scoring/presets', 'cadence/presets'].map((folder) =>
  join(root, 'packages/sdk/src', folder),
);

/**
 * The attribute and flag names a preset's JSON reads: `{ attribute }`, `{ flag }` and `flags: [...]`
 * (a grid's `cells` set flags on an assignment rather than read them).
 */
function namesRead(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const item of value) namesRead(item, into);
  else if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) {
      if (key === 'cells') continue;
      if ((key === 'attribute' || key === 'flag') && typeof item === 'string') into.add(item);
      else if (key === 'flags' && Array.isArray(item)) for (const flag of item) into.add(String(flag));
      else namesRead(item, into);
    }
  return into;
}

describe('preset attribute and flag names', () => {
  const table =
    readFileSync(join(root, 'docs/concepts.md'), 'utf8').split(
      '### Attributes and flags the presets read',
    )[1] ?? '';
  const documented = table.slice(0, table.indexOf('\n#'));
  for (const folder of presetFolders)
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.json')))
      it(`${file}: every name it reads is in docs/concepts.md's table`, () => {
        const names = namesRead(JSON.parse(readFileSync(join(folder, file), 'utf8')), new Set());
        for (const name of names) expect(documented, `${name} (${file})`).toContain(`\`${name}\``);
      });
});
