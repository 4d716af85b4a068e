/**
 * Fenced code blocks of the project's Markdown, and how each is to be checked.
 * Used by `docs-code-blocks.test.ts`; the conventions are described in
 * `docs/README.md` ("Code blocks").
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** A fenced code block of a Markdown file. */
export interface CodeBlock {
  /** Path relative to the repository root. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** First word of the info string, lower-cased (`ts`, `sh`, …; `''` when none). */
  lang: string;
  /** The block's text, de-indented by the fence's indentation, ending with a newline. */
  code: string;
  /** The last non-blank line before the fence, trimmed (`''` at the start of the file). */
  preceding: string;
}

/** What the checker does with a block. */
export type BlockCheck =
  | { kind: 'illustrative' }
  | { kind: 'output' }
  /** Output compared with the Markdown by another test, named in the comment: `<!-- output: … by src/x.test.ts -->`. */
  | { kind: 'checked-by'; test: string }
  | { kind: 'typescript' }
  | { kind: 'config'; format: 'json' | 'yaml' }
  | { kind: 'commands'; commands: ShellCommand[]; expected: string | null }
  | { kind: 'unchecked'; reason: string };

/** One shell line the checker can run: environment assignments and the `kamkit` arguments. */
export interface ShellCommand {
  env: Record<string, string>;
  args: string[];
  text: string;
}

const ILLUSTRATIVE = /^<!--\s*illustrative\b[\s\S]*-->$/;
const OUTPUT = /^<!--\s*output\b[\s\S]*-->$/;
const OUTPUT_CHECKED_BY = /^<!--\s*output\b[\s\S]*\bby\s+(\S+\.test\.ts)\b[\s\S]*-->$/;

/** Every Markdown file the checker reads, relative to `root`, sorted. */
export function documentationFiles(root: string): string[] {
  const files: string[] = [];
  const add = (path: string) => {
    if (existsSync(join(root, path))) files.push(path);
  };
  const walk = (folder: string, accept: (name: string) => boolean) => {
    const absolute = join(root, folder);
    if (!existsSync(absolute)) return;
    for (const name of readdirSync(absolute)) {
      if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
      const path = join(folder, name);
      if (path === join('docs', 'api')) continue;
      if (statSync(join(root, path)).isDirectory()) walk(path, accept);
      else if (accept(name)) files.push(path);
    }
  };
  add('README.md');
  add('CHANGELOG.md');
  walk('docs', (name) => name.endsWith('.md'));
  if (existsSync(join(root, 'packages'))) {
    for (const name of readdirSync(join(root, 'packages'))) add(join('packages', name, 'README.md'));
  }
  walk('examples', (name) => name === 'README.md');
  return files.map((file) => relative(root, join(root, file))).sort();
}

/** The fenced code blocks (``` or ~~~, possibly indented in a list) of one Markdown text. */
export function codeBlocks(file: string, text: string): CodeBlock[] {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  let preceding = '';
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const open = /^( *)(`{3,}|~{3,})(.*)$/.exec(line);
    if (!open) {
      if (line.trim() !== '') preceding = line.trim();
      continue;
    }
    const indent = open[1]?.length ?? 0;
    const fence = open[2] ?? '```';
    const lang = (open[3] ?? '').trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    const body: string[] = [];
    let end = index + 1;
    for (; end < lines.length; end++) {
      const current = lines[end] ?? '';
      if (
        current.trim().startsWith(fence[0]!.repeat(fence.length)) &&
        current.trim().replace(/[`~]/g, '') === ''
      ) {
        break;
      }
      body.push(current.startsWith(' '.repeat(indent)) ? current.slice(indent) : current.trimStart());
    }
    blocks.push({ file, line: index + 1, lang, code: body.length ? `${body.join('\n')}\n` : '', preceding });
    preceding = '';
    index = end;
  }
  return blocks;
}

/** Split one shell line into words (single and double quotes, no expansions). */
export function shellWords(line: string): string[] | null {
  const words: string[] = [];
  let current = '';
  let quote: '"' | "'" | null = null;
  let inWord = false;
  for (const character of line) {
    if (quote) {
      if (character === quote) quote = null;
      else current += character;
      continue;
    }
    if (character === '"' || character === "'") {
      quote = character;
      inWord = true;
    } else if (/\s/.test(character)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += character;
      inWord = true;
    }
  }
  if (quote) return null;
  if (inWord) words.push(current);
  return words;
}

function shellCommand(text: string): ShellCommand | string {
  if (/[|&;<>`]|\$\(|\$\{|\$[A-Za-z_]/.test(text)) {
    return `\`${text}\` uses pipes, redirections, lists or variables: the checker runs plain \`kamkit …\` lines only`;
  }
  const words = shellWords(text);
  if (!words) return `\`${text}\` has an unterminated quote`;
  const env: Record<string, string> = {};
  while (words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[0]!)) {
    const assignment = words.shift()!;
    const equals = assignment.indexOf('=');
    env[assignment.slice(0, equals)] = assignment.slice(equals + 1);
  }
  if (words[0] !== 'kamkit') {
    return `\`${text}\` is not a \`kamkit …\` command (only those are run; mark the block <!-- illustrative -->)`;
  }
  return { env, args: words.slice(1), text };
}

/** Decide how a block is checked, from its language, its text and the comment before it. */
export function classify(block: CodeBlock): BlockCheck {
  if (ILLUSTRATIVE.test(block.preceding)) return { kind: 'illustrative' };
  const checkedBy = OUTPUT_CHECKED_BY.exec(block.preceding);
  if (checkedBy) return { kind: 'checked-by', test: join(dirname(block.file), checkedBy[1]!) };
  if (OUTPUT.test(block.preceding)) return { kind: 'output' };
  switch (block.lang) {
    case 'ts':
    case 'typescript':
      return { kind: 'typescript' };
    case 'json':
    case 'yaml':
    case 'yml': {
      const named =
        /kamkit\.config\./.test(block.preceding) || /^#\s*kamkit\.config\.ya?ml\b/.test(block.code);
      if (!named) {
        return {
          kind: 'unchecked',
          reason:
            'a JSON/YAML block is checked only when it is a KAMkit configuration (`kamkit.config.*` named on the line before, or a first line `# kamkit.config.yaml`)',
        };
      }
      return { kind: 'config', format: block.lang === 'json' ? 'json' : 'yaml' };
    }
    case 'sh':
    case 'bash':
    case 'shell':
    case 'console': {
      const commands: ShellCommand[] = [];
      const output: string[] = [];
      for (const raw of block.code.replace(/\n$/, '').split('\n')) {
        let text = raw.trim();
        if (block.lang === 'console') {
          if (!text.startsWith('$ ')) {
            output.push(raw);
            continue;
          }
          text = text.slice(2).trim();
        }
        if (text === '' || text.startsWith('#')) continue;
        const command = shellCommand(text.replace(/\s+#.*$/, ''));
        if (typeof command === 'string') return { kind: 'unchecked', reason: command };
        commands.push(command);
      }
      if (commands.length === 0) return { kind: 'unchecked', reason: 'a shell block without a command' };
      return { kind: 'commands', commands, expected: block.lang === 'console' ? output.join('\n') : null };
    }
    default:
      return {
        kind: 'unchecked',
        reason: `a \`${block.lang || 'plain'}\` block cannot be run: mark it <!-- illustrative -->`,
      };
  }
}

/** Read a file's blocks with their checks. */
export function readBlocks(root: string, file: string): { block: CodeBlock; check: BlockCheck }[] {
  return codeBlocks(file, readFileSync(join(root, file), 'utf8')).map((block) => ({
    block,
    check: classify(block),
  }));
}
