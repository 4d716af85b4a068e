import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderImportCost } from './import-cost.mjs';

test('renderImportCost prints one aligned row per entry', () => {
  const text = renderImportCost([
    { entry: '@kamkit/sdk/scoring', medianMs: 41.2, heapMb: 1.234, rssMb: 9.87 },
    { entry: '@kamkit/sdk', medianMs: 312.6, heapMb: 12.5, rssMb: 50 },
  ]);
  const lines = text.split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[1], /^@kamkit\/sdk\/scoring\s+41\s+1\.2\s+9\.9$/);
  assert.match(lines[2], /^@kamkit\/sdk\s+313\s+12\.5\s+50\.0$/);
});
