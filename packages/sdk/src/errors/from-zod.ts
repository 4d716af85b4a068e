import type { z } from 'zod';
import { type Issue, KAM_ERROR_CODES, KamError, type KamErrorCode } from './kam-error.js';

/** Format a zod issue path as `a.b[2].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

function expectedOf(issue: z.core.$ZodIssue): Issue['expected'] {
  switch (issue.code) {
    case 'invalid_type':
      return {
        'zh-CN': `应为 ${issue.expected}`,
        en: `expected ${issue.expected}`,
      };
    case 'too_small':
      // Lengths read as lengths: an empty name is "must not be empty", not "at least 1".
      if (issue.origin === 'string' && Number(issue.minimum) === 1)
        return { 'zh-CN': '不能为空', en: 'must not be empty' };
      if (issue.origin === 'string')
        return {
          'zh-CN': `至少 ${String(issue.minimum)} 个字符`,
          en: `expected at least ${String(issue.minimum)} characters`,
        };
      if (issue.origin === 'array' || issue.origin === 'set')
        return {
          'zh-CN': `至少 ${String(issue.minimum)} 项`,
          en: `expected at least ${String(issue.minimum)} item${Number(issue.minimum) === 1 ? '' : 's'}`,
        };
      return {
        'zh-CN': `应不小于 ${String(issue.minimum)}`,
        en: `expected at least ${String(issue.minimum)}`,
      };
    case 'too_big':
      if (issue.origin === 'string')
        return {
          'zh-CN': `最多 ${String(issue.maximum)} 个字符`,
          en: `expected at most ${String(issue.maximum)} characters`,
        };
      if (issue.origin === 'array' || issue.origin === 'set')
        return {
          'zh-CN': `最多 ${String(issue.maximum)} 项`,
          en: `expected at most ${String(issue.maximum)} items`,
        };
      return {
        'zh-CN': `应不大于 ${String(issue.maximum)}`,
        en: `expected at most ${String(issue.maximum)}`,
      };
    case 'invalid_value':
      return {
        'zh-CN': `应为以下之一：${issue.values.map(String).join(', ')}`,
        en: `expected one of: ${issue.values.map(String).join(', ')}`,
      };
    case 'invalid_union':
      return {
        'zh-CN': `格式不符合任何允许的形式（${issue.message}）`,
        en: `matches no allowed form (${issue.message})`,
      };
    case 'unrecognized_keys':
      return {
        'zh-CN': `不认识的字段：${issue.keys.join(', ')}`,
        en: `unknown field(s): ${issue.keys.join(', ')}`,
      };
    case 'custom': {
      // A refinement that states what it expects in both locales (`params.expected`).
      const expected = (issue.params as { expected?: Issue['expected'] } | undefined)?.expected;
      return expected ?? { 'zh-CN': issue.message, en: issue.message };
    }
    default:
      return { 'zh-CN': issue.message, en: issue.message };
  }
}

/** Convert zod issues into KAMkit {@link Issue}s, prefixing each path. */
export function issuesFromZod(error: z.ZodError, prefix = ''): Issue[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path);
    return {
      path: prefix === '' ? path : path === '(root)' ? prefix : `${prefix}.${path}`,
      expected: expectedOf(issue),
    };
  });
}

/**
 * Build a validation {@link KamError} listing every issue with its path.
 *
 * @param subject - what was being validated, in both locales (e.g. "tier policy").
 */
export function validationError(
  subject: { 'zh-CN': string; en: string },
  issues: readonly Issue[],
  code: KamErrorCode = KAM_ERROR_CODES.INVALID_CONFIG,
): KamError {
  const first = issues[0];
  const lines = (locale: 'zh-CN' | 'en') =>
    issues.map((issue) => `${issue.path}: ${issue.expected[locale]}`).join('; ');
  return new KamError({
    code,
    path: first?.path,
    issues,
    message: {
      'zh-CN': `${subject['zh-CN']}无效 — ${lines('zh-CN')}`,
      en: `Invalid ${subject.en} — ${lines('en')}`,
    },
  });
}

/**
 * Parse `input` with `schema`, throwing a {@link KamError} that names every bad
 * path and what was expected.
 */
export function parseWith<T extends z.ZodType>(
  schema: T,
  input: unknown,
  subject: { 'zh-CN': string; en: string },
  code: KamErrorCode = KAM_ERROR_CODES.INVALID_CONFIG,
): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationError(subject, issuesFromZod(result.error), code);
}
