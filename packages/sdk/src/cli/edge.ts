/**
 * The edge of the `kamkit` binary: everything it prints passes through
 * {@link guardTerminalOutput}, and every error that leaves a command is
 * mapped once, here, by {@link cliErrorOutput}.
 *
 * @module
 */
import { CommanderError } from 'commander';
import { isKamError, type Locale } from '../errors/kam-error.js';
import { terminalText } from '../output/neutralise.js';

/** The environment variable that shows the stack trace of an unexpected error. */
export const DEBUG_ENV = 'KAMKIT_DEBUG';

/** A stream the CLI writes to. */
type Writable = Pick<NodeJS.WriteStream, 'write'>;

/**
 * Route every string written to `stream` through {@link terminalText}, so no
 * command (nor commander's own messages) can print an ANSI escape or control
 * character taken from the data. JSON output is unaffected: `JSON.stringify`
 * already writes control characters as `\u00XX`.
 */
export function guardTerminalOutput(stream: Writable): void {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) =>
    write(typeof chunk === 'string' ? terminalText(chunk) : chunk, ...rest)) as Writable['write'];
}

/**
 * A reader that stops reading early (`kamkit due | head -3`, `kamkit --help |
 * grep -q …`) closes the pipe: the binary stops quietly with exit code 0, as
 * command-line tools do, instead of dying on the write with a stack trace.
 * Any other output error ends it with a one-line message and exit code 74.
 */
export function stopQuietlyWhenPipeCloses(
  stream: Pick<NodeJS.WriteStream, 'on'>,
  exit: (code: number) => void = (code) => process.exit(code),
  report: (line: string) => void = (line) => process.stderr.write(line),
): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      exit(0);
      return;
    }
    report(`kamkit: cannot write the output (${error.code ?? error.message})\n`);
    exit(74);
  });
}

/** What the binary prints for an error, and its exit code. */
export interface CliErrorOutput {
  exitCode: number;
  stdout?: string;
  stderr?: string;
}

/**
 * Map an error that left a command to what is printed and the exit code:
 * 1 for a KAMkit error (its message in the user's language, or with `--json`
 * `{ ok: false, code, message, path?, issues? }` on stdout), 2 for wrong usage
 * (commander has printed it; with `--json` a JSON line follows), 70 for
 * anything else — a generic message, the stack trace only when
 * `KAMKIT_DEBUG` is set.
 */
export function cliErrorOutput(
  error: unknown,
  options: { json: boolean; locale: Locale; debug: boolean },
): CliErrorOutput {
  const { json, locale } = options;
  const line = (value: unknown) => `${JSON.stringify(value)}\n`;
  if (error instanceof CommanderError) {
    // Commander has printed its message; errors it raises for a KamError (`kamkit.*`) exit 1.
    const exitCode = error.exitCode === 0 ? 0 : error.code.startsWith('kamkit.') ? 1 : 2;
    if (!json || exitCode === 0) return { exitCode };
    const message = error.message.replace(/^error: /, '');
    return {
      exitCode,
      stdout: line({ ok: false, code: 'USAGE', message: { 'zh-CN': message, en: message } }),
    };
  }
  if (isKamError(error)) {
    if (!json) return { exitCode: 1, stderr: `${error.messageIn(locale)}\n` };
    return {
      exitCode: 1,
      stdout: line({
        ok: false,
        code: error.code,
        message: error.localised,
        ...(error.path === undefined ? {} : { path: error.path }),
        ...(error.issues.length === 0 ? {} : { issues: error.issues }),
      }),
    };
  }
  const message = {
    'zh-CN': `KAMkit 内部错误，操作未完成。设置环境变量 ${DEBUG_ENV}=1 可查看详情。`,
    en: `KAMkit internal error; the operation did not complete. Set ${DEBUG_ENV}=1 for details.`,
  };
  const detail = options.debug
    ? `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
    : '';
  if (json) return { exitCode: 70, stdout: line({ ok: false, code: 'INTERNAL', message }), stderr: detail };
  return { exitCode: 70, stderr: `${message[locale]}\n${detail}` };
}
