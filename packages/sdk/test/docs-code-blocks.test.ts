/**
 * Every fenced code block of the README, docs/ (not docs/api), the package
 * READMEs and the examples' READMEs is either marked `<!-- illustrative -->`
 * or checked here: TypeScript is run (with `@kamkit/sdk` resolved to the SDK
 * source, in a temporary working directory), KAMkit configuration files are
 * validated, `kamkit …` lines are run with the built binary (a page's blocks in
 * order, in one temporary directory holding a copy of docs/samples/), and a block marked `<!-- output -->` must equal what the block
 * before it printed (`KAMKIT_UPDATE_DOCS=1` writes it there instead). A failure names the file
 * and line of the block.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import * as sdk from '../src/index.js';
import { type BlockCheck, type CodeBlock, documentationFiles, readBlocks } from './docs/code-blocks.js';

const root = resolve(__dirname, '../../..');
const binary = join(root, 'packages/sdk/dist/cli/main.js');
/** Inside the package, so the blocks' bare imports resolve like the SDK's own; gitignored. */
const moduleFolder = join(root, 'packages/sdk/.doc-blocks');
const workFolders: string[] = [];

afterAll(() => {
  for (const folder of workFolders) rmSync(folder, { recursive: true, force: true });
  rmSync(moduleFolder, { recursive: true, force: true });
});

function workFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'kamkit-doc-block-'));
  workFolders.push(folder);
  return folder;
}

const where = (block: CodeBlock) => `${block.file}:${block.line}`;

/** Run a TypeScript block as a module in a fresh working directory; what it logs is its output. */
async function runTypeScript(block: CodeBlock): Promise<string> {
  mkdirSync(moduleFolder, { recursive: true });
  const file = join(moduleFolder, `${block.file.replace(/[^a-z0-9]+/gi, '-')}-${block.line}.ts`);
  writeFileSync(file, block.code);
  const printed: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...values: unknown[]) => {
    printed.push(format(...values));
  });
  const previous = process.cwd();
  process.chdir(workFolder());
  try {
    await import(`${pathToFileURL(file).href}`);
  } finally {
    process.chdir(previous);
    log.mockRestore();
  }
  return printed.join('\n');
}

/**
 * The directory a page's shell blocks run in: one per page, so its blocks run in order like a
 * reader following it, holding a copy of `docs/samples/` (the sample files the pages import).
 */
const pageFolders = new Map<string, string>();
function pageFolder(file: string): string {
  let folder = pageFolders.get(file);
  if (!folder) {
    folder = workFolder();
    cpSync(join(root, 'docs/samples'), join(folder, 'docs/samples'), { recursive: true });
    pageFolders.set(file, folder);
  }
  return folder;
}

/** Run `kamkit …` lines with the built binary in the page's directory; their standard output, joined. */
function runCommands(block: CodeBlock, check: Extract<BlockCheck, { kind: 'commands' }>): string {
  if (!existsSync(binary)) {
    throw new Error(`${where(block)}: runs \`kamkit\`, which needs the built SDK: run \`pnpm build\` first`);
  }
  const cwd = pageFolder(block.file);
  const outputs: string[] = [];
  for (const command of check.commands) {
    const env = { ...process.env, KAMKIT_LOCALE: 'en', ...command.env };
    delete env.KAMKIT_DATABASE_URL;
    const result = spawnSync(process.execPath, [binary, ...command.args], { cwd, env, encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(
        `${where(block)}: \`${command.text}\` exited with ${result.status ?? result.signal}\n${result.stderr}`,
      );
    }
    outputs.push(result.stdout);
  }
  return outputs.join('').replace(/\n$/, '');
}

/** Validate a KAMkit configuration block: syntax always, the schema once the SDK exports it. */
function validateConfig(block: CodeBlock, format: 'json' | 'yaml'): void {
  let raw: unknown;
  try {
    raw = format === 'json' ? JSON.parse(block.code) : parseYaml(block.code);
  } catch (error) {
    throw new Error(`${where(block)}: not valid ${format.toUpperCase()}: ${(error as Error).message}`);
  }
  // The configuration schema lives in `src/config` (KamkitConfigSchema); until it is exported,
  // configuration blocks are checked for syntax only.
  const schema = (sdk as Record<string, unknown>).KamkitConfigSchema as
    | {
        safeParse(value: unknown): {
          success: boolean;
          error?: { issues: { path: PropertyKey[]; message: string }[] };
        };
      }
    | undefined;
  if (!schema) return;
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issues = (parsed.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`${where(block)}: not a valid kamkit.config: ${issues.join('; ')}`);
  }
}

/**
 * `KAMKIT_UPDATE_DOCS=1 pnpm docs:check` writes what each block printed into the
 * `<!-- output -->` block after it instead of comparing (like a snapshot update):
 * run it after changing what a documented block prints, and read the diff.
 */
const updating = process.env.KAMKIT_UPDATE_DOCS === '1';
/** Lines added to a file by the rewrites so far, so later blocks of it are found where they now are. */
const shifts = new Map<string, number>();

function rewriteOutput(output: CodeBlock, printed: string): void {
  const path = join(root, output.file);
  const lines = readFileSync(path, 'utf8').split('\n');
  const fence = output.line - 1 + (shifts.get(output.file) ?? 0);
  if (lines[fence] !== lines[fence]?.trimStart())
    throw new Error(`${where(output)}: an indented output block is updated by hand`);
  const old = output.code.replace(/\n$/u, '');
  const count = old === '' ? 0 : old.split('\n').length;
  const fresh = trimLines(printed).split('\n');
  lines.splice(fence + 1, count, ...fresh);
  writeFileSync(path, lines.join('\n'));
  shifts.set(output.file, (shifts.get(output.file) ?? 0) + fresh.length - count);
}

const trimLines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();

for (const file of documentationFiles(root)) {
  const blocks = readBlocks(root, file);
  if (blocks.every(({ check }) => check.kind === 'illustrative' || check.kind === 'output')) continue;
  describe(file, () => {
    blocks.forEach(({ block, check }, index) => {
      if (check.kind === 'illustrative' || check.kind === 'output') return;
      const next = blocks[index + 1];
      const expected =
        next?.check.kind === 'output'
          ? next.block.code
          : check.kind === 'commands' && check.expected
            ? check.expected
            : null;
      it(`${where(block)} (${block.lang || 'plain'}, ${check.kind})`, { timeout: 120_000 }, async () => {
        let output: string;
        switch (check.kind) {
          case 'unchecked':
            throw new Error(
              `${where(block)}: neither checked nor marked <!-- illustrative -->: ${check.reason}`,
            );
          case 'config':
            validateConfig(block, check.format);
            return;
          case 'checked-by': {
            const test = join(root, check.test);
            expect(
              existsSync(test),
              `${where(block)}: the test named in the comment, ${check.test}, does not exist`,
            ).toBe(true);
            expect(
              readFileSync(test, 'utf8'),
              `${where(block)}: ${check.test} does not read the README`,
            ).toContain('README.md');
            return;
          }
          case 'typescript':
            try {
              output = await runTypeScript(block);
            } catch (error) {
              throw new Error(
                `${where(block)}: the block failed: ${(error as Error).stack ?? String(error)}`,
              );
            }
            break;
          case 'commands':
            output = runCommands(block, check);
            break;
        }
        if (updating && next?.check.kind === 'output') {
          rewriteOutput(next.block, output);
          return;
        }
        if (expected !== null) {
          const at = next?.check.kind === 'output' ? where(next.block) : where(block);
          expect(trimLines(output), `${at}: the output shown differs from what the block prints`).toBe(
            trimLines(expected),
          );
        }
      });
    });
  });
}

describe('code-block conventions', () => {
  it('finds the README and every docs page', () => {
    const files = documentationFiles(root);
    expect(files).toContain('README.md');
    expect(files).toContain('docs/concepts.md');
    expect(files.some((file) => file.startsWith('docs/api/'))).toBe(false);
  });

  it('names an output block without a block before it', () => {
    const orphans = documentationFiles(root).flatMap((file) =>
      readBlocks(root, file).filter(
        ({ check }, index, all) =>
          check.kind === 'output' && !['typescript', 'commands'].includes(all[index - 1]?.check.kind ?? ''),
      ),
    );
    expect(
      orphans.map(({ block }) => `${where(block)}: <!-- output --> must follow a ts or kamkit block`),
    ).toEqual([]);
  });
});
