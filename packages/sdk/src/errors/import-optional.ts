/**
 * Loading the SDK's optional peer dependencies (`pg` for a PostgreSQL server,
 * `@resvg/resvg-js` for PNG charts) only when a feature needs them, with a
 * clear error naming the package to install when it is missing.
 *
 * @module
 */
import { KAM_ERROR_CODES, KamError } from './kam-error.js';

function isMissing(error: unknown, specifier: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes(`'${specifier}'`)
  );
}

/**
 * Import an optional peer dependency.
 *
 * @param load - `() => import('pg')`, written at the call site so bundlers see the specifier.
 * @param specifier - the package name, for the message.
 * @param purpose - what needs it, in both locales.
 * @throws KamError `INVALID_STATE` naming `npm install <specifier>` when the package is not installed.
 */
export async function importOptional<Module>(
  load: () => Promise<Module>,
  specifier: string,
  purpose: { 'zh-CN': string; en: string },
): Promise<Module> {
  try {
    return await load();
  } catch (error) {
    if (!isMissing(error, specifier)) throw error;
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_STATE,
      message: {
        'zh-CN': `${purpose['zh-CN']}需要可选依赖 ${specifier}：请运行 npm install ${specifier}`,
        en: `${purpose.en} needs the optional dependency ${specifier}: run npm install ${specifier}`,
      },
      cause: error,
    });
  }
}
