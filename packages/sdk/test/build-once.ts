/**
 * vitest globalSetup: build the SDK once when `dist/cli/main.js` is missing
 * or older than any source file (tests aside), so the tests that spawn the built `kamkit`
 * binary run on a fresh clone without a prior `pnpm build` (CI builds first,
 * and then this does nothing).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newest(folder: string): number {
  let latest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else if (!entry.name.endsWith('.test.ts')) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

export default function setup(): void {
  const binary = join(root, 'dist/cli/main.js');
  let built = 0;
  try {
    built = statSync(binary).mtimeMs;
  } catch {
    built = 0;
  }
  const sources = Math.max(newest(join(root, 'src')), statSync(join(root, 'package.json')).mtimeMs);
  if (built >= sources) return;
  execFileSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}
