/**
 * `kamkit init`: write a commented `kamkit.config.yaml` for an industry preset.
 *
 * @module
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { INIT_PRESETS, type InitPreset, initConfigText } from '../config/init-config.js';
import { chooseLocale } from '../config/load-config.js';
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import type { CliContext } from './context.js';

/**
 * Register `kamkit init [--preset postal|airline|retail|insurance|power]
 * [--force] [--json]`. Refuses to overwrite an existing file without
 * `--force` (exit code 1).
 */
export function registerInitCommand(
  program: Command,
  context: CliContext,
  options: { cwd?: string; env?: Readonly<Record<string, string | undefined>> } = {},
): Command {
  const zh = context.helpLocale === 'zh-CN';
  return program
    .command('init')
    .description(zh ? '写入带注释的 kamkit.config.yaml' : 'Write a commented kamkit.config.yaml')
    .addOption(
      new Option('--preset <preset>', 'industry preset of the policies')
        .choices(INIT_PRESETS)
        .default('postal'),
    )
    .option('--force', 'overwrite an existing kamkit.config.yaml')
    .option('--json', 'print JSON')
    .action(async (flags: { preset: InitPreset; force?: boolean; json?: boolean }) => {
      const locale = chooseLocale(options.env ?? process.env);
      const file = resolve(options.cwd ?? process.cwd(), 'kamkit.config.yaml');
      const text = initConfigText({ preset: flags.preset, locale });
      try {
        await writeFile(file, text, { flag: flags.force ? 'w' : 'wx' });
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw cause;
        throw new KamError({
          code: KAM_ERROR_CODES.CONFLICT,
          path: file,
          cause,
          message: {
            'zh-CN': `${file} 已存在，未覆盖；要替换它请加 --force`,
            en: `${file} already exists and was left as it is; add --force to replace it`,
          },
        });
      }
      context.write(
        flags.json
          ? `${JSON.stringify({ file, preset: flags.preset })}\n`
          : locale === 'zh-CN'
            ? `已写入 ${file}（预设：${flags.preset}）。\n`
            : `Wrote ${file} (preset: ${flags.preset}).\n`,
      );
    });
}
