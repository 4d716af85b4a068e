import type { Locale } from '../errors/kam-error.js';

/**
 * The user's locale from the environment: `KAMKIT_LOCALE`, else `LANG`;
 * anything starting with `zh` is Chinese, everything else English.
 */
export function localeFromEnvironment(
  environment: Readonly<Record<string, string | undefined>> = process.env,
): Locale {
  const value = environment.KAMKIT_LOCALE?.trim() || environment.LANG?.trim() || '';
  return value.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
