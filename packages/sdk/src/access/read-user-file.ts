/**
 * Reading a file of users (CSV with a header, or JSON Lines) for
 * `kamkit users import`: the same readers and encoding detection as the
 * other import kinds, headers in English or Chinese, every row validated
 * before anything is written.
 *
 * @module
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { type UserInput, UserSchema } from '../domain/user.js';
import { type Issue, KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import { normaliseHeader } from '../import/columns.js';
import { type DecodeState, decodeText, type ImportEncoding } from '../import/decode.js';
import { type ImportFormat, readRows } from '../import/read-rows.js';

/** Accepted column names (compared after {@link normaliseHeader}) → the user field. */
const USER_COLUMNS: Readonly<Record<string, keyof UserInput>> = {
  id: 'id',
  userid: 'id',
  用户编号: 'id',
  编号: 'id',
  工号: 'id',
  name: 'name',
  姓名: 'name',
  名称: 'name',
  email: 'email',
  邮箱: 'email',
  电子邮箱: 'email',
  role: 'role',
  角色: 'role',
  division: 'division',
  事业部: 'division',
  部门: 'division',
  supervisorid: 'supervisorId',
  supervisor: 'supervisorId',
  上级: 'supervisorId',
  上级编号: 'supervisorId',
  status: 'status',
  状态: 'status',
  locale: 'locale',
  语言: 'locale',
};

/** One user row read from a file, with its row number as the editor shows it. */
export interface UserFileRow {
  row: number;
  user: UserInput;
}

/** Options of {@link readUserFile}. */
export interface ReadUserFileOptions {
  /** `csv` or `jsonl` (default: from the extension; `.jsonl`/`.ndjson` → JSON Lines, else CSV). */
  format?: ImportFormat;
  /** `auto` (default), `utf-8` or `gbk`. */
  encoding?: ImportEncoding;
}

function cell(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  return text === '' ? undefined : text;
}

/**
 * Read and validate every row of a users file. Nothing is returned unless
 * every row is valid.
 *
 * @throws KamError `INVALID_INPUT` listing each bad row and field
 *   (`row 3: role`), or naming an unknown column; `IMPORT_FAILED` for a file
 *   that cannot be read (CSV syntax, UTF-16).
 */
export async function readUserFile(path: string, options: ReadUserFileOptions = {}): Promise<UserFileRow[]> {
  const format =
    options.format ?? (['.jsonl', '.ndjson'].includes(extname(path).toLowerCase()) ? 'jsonl' : 'csv');
  const found = await stat(path).then(
    (entry) => entry.isFile(),
    () => false,
  );
  if (!found)
    throw new KamError({
      code: KAM_ERROR_CODES.NOT_FOUND,
      path,
      message: { 'zh-CN': `找不到用户文件 ${path}`, en: `Users file not found: ${path}` },
    });
  const state: DecodeState = { encoding: undefined, bytesRead: 0 };
  const source = createReadStream(path);
  const rows: UserFileRow[] = [];
  const issues: Issue[] = [];
  try {
    for await (const raw of readRows(decodeText(source, options.encoding ?? 'auto', state), format)) {
      if (raw.unreadable) {
        issues.push({ path: `row ${raw.row}`, expected: raw.unreadable });
        continue;
      }
      const input: Record<string, unknown> = {};
      raw.keys.forEach((key, index) => {
        const field = USER_COLUMNS[normaliseHeader(key)];
        if (field === undefined) {
          issues.push({
            path: `row ${raw.row}: ${key}`,
            expected: {
              'zh-CN': `未知列；可用列：id、name、email、role、division、supervisorId、status、locale（或 用户编号、姓名、邮箱、角色、事业部、上级、状态、语言）`,
              en: 'an unknown column; known: id, name, email, role, division, supervisorId, status, locale',
            },
          });
          return;
        }
        const value = cell(raw.values[index]);
        if (value !== undefined) input[field] = value;
      });
      const parsed = UserSchema.safeParse(input);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          issues.push({
            path: `row ${raw.row}: ${issue.path.join('.') || 'user'}`,
            expected: { 'zh-CN': issue.message, en: issue.message },
          });
        continue;
      }
      rows.push({ row: raw.row, user: input as UserInput });
    }
  } finally {
    source.destroy();
  }
  const seen = new Map<string, number>();
  for (const { row, user } of rows) {
    const first = seen.get(user.id);
    if (first !== undefined)
      issues.push({
        path: `row ${row}: id`,
        expected: {
          'zh-CN': `与第 ${first} 行重复：${user.id}`,
          en: `a new id; row ${first} has ${user.id} too`,
        },
      });
    else seen.set(user.id, row);
  }
  if (issues.length > 0) {
    const unique = [...new Map(issues.map((issue) => [issue.path, issue] as const)).values()];
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_INPUT,
      path,
      issues: unique,
      message: {
        'zh-CN': `用户文件 ${path} 有 ${unique.length} 处错误，未导入任何用户：\n${unique
          .slice(0, 10)
          .map((issue) => `· ${issue.path}：${issue.expected['zh-CN']}`)
          .join('\n')}`,
        en: `The users file ${path} has ${unique.length} problem(s); no user was imported:\n${unique
          .slice(0, 10)
          .map((issue) => `· ${issue.path}: ${issue.expected.en}`)
          .join('\n')}`,
      },
    });
  }
  if (rows.length === 0)
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_INPUT,
      path,
      message: { 'zh-CN': `用户文件 ${path} 没有数据行`, en: `The users file ${path} has no data rows` },
    });
  return rows;
}
