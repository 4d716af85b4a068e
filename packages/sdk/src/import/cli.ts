/**
 * `kamkit import <kind> <file>`: the command-line face of {@link importFile}.
 * Shows a progress bar on a terminal (never in CI or when stderr is piped) and
 * prints a summary in the user's locale (`KAMKIT_LOCALE`, else `LANG`: zh* →
 * Chinese, otherwise English), or JSON with `--json`.
 *
 * @module
 */
import cliProgress from 'cli-progress';
import { type Command, Option } from 'commander';
import { operatorOf } from '../authz/act-as.js';
import { requireActingUser } from '../cli/acting-user.js';
import type { ResolvedConfig } from '../config/load-config.js';
import { isKamError, type Locale } from '../errors/kam-error.js';
import type { Store } from '../store/port.js';
import {
  describeProblem,
  IMPORT_KIND_LABELS,
  IMPORT_KINDS,
  ImportError,
  type ImportKind,
} from './import-error.js';
import { type ImportProgress, type ImportResult, importFile } from './import-file.js';

/** What the import command needs from its host. */
export interface ImportCommandOptions {
  /** Opens the store to import into; the command closes it when done. */
  openStore: () => Promise<Store>;
  /** Environment (default `process.env`): `KAMKIT_LOCALE`, `LANG`, `CI`, `KAMKIT_OPERATOR`. */
  env?: NodeJS.ProcessEnv;
  /** Where the summary goes (default `process.stdout`). */
  stdout?: {
    /** Write one chunk of output. */
    write(text: string): unknown;
  };
  /** Where errors and the progress bar go (default `process.stderr`). */
  stderr?: {
    /** Write one chunk of output. */
    write(text: string): unknown;
    /** Whether it is a terminal (the progress bar is drawn only then). */
    isTTY?: boolean;
  };
  /** Records a failing exit status (default: sets `process.exitCode`). */
  setExitCode?: (code: number) => void;
  /** The resolved configuration: its locale is used for the summary and errors, its surveys check imported responses, its alert policy's causes imported alert work. */
  config?: () => Promise<ResolvedConfig>;
}

/** The user's locale from `KAMKIT_LOCALE` or `LANG`: anything starting with `zh` is Chinese. */
export function localeFromEnv(env: NodeJS.ProcessEnv): Locale {
  const value = env.KAMKIT_LOCALE ?? env.LANG ?? '';
  return value.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** A one-paragraph summary of an import in `locale`. */
export function formatImportSummary(result: ImportResult, locale: Locale): string {
  const label = IMPORT_KIND_LABELS[result.kind][locale];
  const lines: string[] = [];
  if (locale === 'zh-CN') {
    lines.push(
      `已导入${label}（${result.file}，${result.encoding.toUpperCase()}）：读取 ${result.rows} 行，新增 ${result.inserted}，更新 ${result.updated}，已存在跳过 ${result.skipped}，拒绝 ${result.rejected}`,
    );
    lines.push(`编码：${result.encodingReason['zh-CN']}`);
    if (result.rejectReportPath) lines.push(`被拒绝的行见：${result.rejectReportPath}`);
    if (result.ignoredColumns.length > 0) lines.push(`未识别而忽略的列：${result.ignoredColumns.join('、')}`);
  } else {
    lines.push(
      `Imported ${label} from ${result.file} (${result.encoding}): ${result.rows} rows read, ${result.inserted} inserted, ${result.updated} updated, ${result.skipped} skipped (already present), ${result.rejected} rejected`,
    );
    lines.push(`Encoding: ${result.encodingReason.en}`);
    if (result.rejectReportPath) lines.push(`Rejected rows: ${result.rejectReportPath}`);
    if (result.ignoredColumns.length > 0) lines.push(`Ignored columns: ${result.ignoredColumns.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

function errorReport(error: unknown, locale: Locale): { text: string; json: unknown } {
  if (error instanceof ImportError) {
    const header =
      locale === 'zh-CN'
        ? `导入失败，未写入任何数据（${error.file}）：`
        : `Import failed; nothing was stored (${error.file}):`;
    const lines = error.problems.map((problem) => `  - ${describeProblem(problem, locale)}`);
    return {
      text: `${[header, ...lines].join('\n')}\n`,
      json: { ok: false, code: error.code, file: error.file, problems: error.problems },
    };
  }
  if (isKamError(error)) {
    return {
      text: `${error.messageIn(locale)}\n`,
      json: { ok: false, code: error.code, message: error.localised },
    };
  }
  throw error;
}

interface CommandFlags {
  encoding: 'utf-8' | 'gbk' | 'auto';
  format?: 'csv' | 'jsonl';
  skipInvalid?: boolean;
  report?: string;
  json?: boolean;
  actor?: string;
  batchSize?: string;
}

/**
 * Add `import <kind> <file>` to a commander program.
 *
 * Options: `--encoding utf-8|gbk|auto`, `--format csv|jsonl`, `--skip-invalid`,
 * `--report <path>`, `--json`, `--actor <id>` (default `KAMKIT_OPERATOR` or
 * `system`; for `unit-plans`, `relationship-plans` and `alerts` the importing user is `KAMKIT_OPERATOR`, or
 * `--actor` a user they manage, checked as `--as` is), `--batch-size <n>`.
 *
 * @example
 * ```ts
 * const program = new Command('kamkit');
 * registerImportCommand(program, { openStore: () => openStore() });
 * await program.parseAsync(['import', 'transactions', '交易.csv', '--skip-invalid'], { from: 'user' });
 * ```
 */
export function registerImportCommand(program: Command, options: ImportCommandOptions): Command {
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const setExitCode =
    options.setExitCode ??
    ((code: number) => {
      process.exitCode = code;
    });
  const helpLocale = localeFromEnv(env);
  const zh = helpLocale === 'zh-CN';

  return program
    .command('import')
    .description(
      // Named from the kinds themselves, so a new kind is never missing from the help.
      zh
        ? `从 CSV 或 JSON Lines 导入${IMPORT_KINDS.map((kind) => IMPORT_KIND_LABELS[kind]['zh-CN']).join('、')}`
        : `Import ${IMPORT_KINDS.map((kind) => IMPORT_KIND_LABELS[kind].en).join(', ')} from CSV or JSON Lines`,
    )
    .addArgument(program.createArgument('<kind>', IMPORT_KINDS.join(' | ')).choices(IMPORT_KINDS))
    .argument('<file>', zh ? '要导入的文件' : 'the file to import')
    .addOption(
      new Option('--encoding <encoding>', zh ? '文件编码' : 'file encoding')
        .choices(['utf-8', 'gbk', 'auto'])
        .default('auto'),
    )
    .addOption(
      new Option(
        '--format <format>',
        zh ? '文件格式（默认按扩展名）' : 'file format (default: by extension)',
      ).choices(['csv', 'jsonl']),
    )
    .option(
      '--skip-invalid',
      zh ? '保存有效行，把无效行写入报告' : 'store the good rows and report the rejected ones',
    )
    .option('--report <path>', zh ? '拒绝报告（CSV）的路径' : 'where to write the reject report (CSV)')
    .option('--json', zh ? '以 JSON 输出结果' : 'print the result as JSON')
    .option('--actor <id>', zh ? '记录为操作人的用户编号' : 'user id recorded as the author')
    .option('--batch-size <n>', zh ? '每批行数' : 'rows per batch')
    .action(async (kind: ImportKind, file: string, flags: CommandFlags) => {
      const config = await options.config?.();
      const locale = config?.locale ?? helpLocale;
      const zh = locale === 'zh-CN';
      const showBar = stderr.isTTY === true && !env.CI && !flags.json;
      const bar = showBar
        ? new cliProgress.SingleBar(
            {
              stream: stderr as NodeJS.WritableStream,
              format: zh ? '{bar} {percentage}% | {rows} 行' : '{bar} {percentage}% | {rows} rows',
              hideCursor: true,
              clearOnComplete: true,
            },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
      let started = false;
      const onProgress = (progress: ImportProgress) => {
        if (!bar) return;
        if (!started) bar.start(progress.totalBytes ?? progress.bytesRead, 0, { rows: 0 });
        started = true;
        bar.update(progress.bytesRead, { rows: progress.rowsRead });
      };
      const stopBar = () => {
        if (started) bar?.stop();
      };
      const store = await options.openStore();
      try {
        const result = await importFile({
          store,
          kind,
          path: file,
          encoding: flags.encoding,
          ...(flags.format ? { format: flags.format } : {}),
          mode: flags.skipInvalid ? 'skip-invalid' : 'all-or-nothing',
          ...(flags.report ? { rejectReportPath: flags.report } : {}),
          ...(flags.batchSize ? { batchSize: Number(flags.batchSize) } : {}),
          // Narratives and alert work are written as a user: KAMKIT_OPERATOR, or `--actor` a user they manage (as `--as`).
          actor:
            kind === 'unit-plans' || kind === 'relationship-plans' || kind === 'alerts'
              ? await requireActingUser(store, flags.actor, env)
              : (flags.actor ?? operatorOf({ env }) ?? 'system'),
          onProgress,
          ...(config ? { surveys: config.policies.surveys, alertCauses: config.policies.alerts.causes } : {}),
        });
        stopBar();
        stdout.write(
          flags.json ? `${JSON.stringify({ ok: true, ...result })}\n` : formatImportSummary(result, locale),
        );
      } catch (error) {
        stopBar();
        const report = errorReport(error, locale);
        if (flags.json) stdout.write(`${JSON.stringify(report.json)}\n`);
        else stderr.write(report.text);
        setExitCode(1);
      } finally {
        await store.close();
      }
    });
}
