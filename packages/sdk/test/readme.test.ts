import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it, vi } from 'vitest';

const readme = readFileSync(resolve(__dirname, '../../../README.md'), 'utf8');

it('runs the README quickstart as written and prints what its comments say', async () => {
  const marker = readme.indexOf('<!-- quickstart');
  expect(marker).toBeGreaterThan(0);
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(marker));
  expect(block).not.toBeNull();
  const source = block![1]!.replace("'@kamkit/sdk'", `'${resolve(__dirname, '../src/index.ts')}'`);
  const file = join(mkdtempSync(join(tmpdir(), 'kamkit-readme-')), 'quickstart.ts');
  writeFileSync(file, source);
  const printed: unknown[][] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...values: unknown[]) => {
    printed.push(values);
  });
  try {
    await import(pathToFileURL(file).href);
  } finally {
    spy.mockRestore();
  }
  expect(printed[0]).toEqual(['Platinum']);
  expect(String(printed[1]?.[0])).toMatch(/1,140,000/);
  expect(Number(printed[2]?.[0])).toBeGreaterThan(0);
  expect(Array.isArray(printed[3]?.[0])).toBe(true);
});
