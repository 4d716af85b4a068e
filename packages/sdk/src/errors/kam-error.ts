/**
 * The one error family of KAMkit. Every error the SDK throws on purpose is a
 * {@link KamError} with a stable string `code`, a message in zh-CN and en, and,
 * where it applies, the path of the offending field.
 *
 * @module
 */

const marker = Symbol.for('kamkit.error');

/** Stable error codes. Match on these, never on message text. */
export const KAM_ERROR_CODES = {
  INVALID_CONFIG: 'INVALID_CONFIG',
  INVALID_INPUT: 'INVALID_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  INVALID_STATE: 'INVALID_STATE',
  IMPORT_FAILED: 'IMPORT_FAILED',
  STORAGE: 'STORAGE',
  DELIVERY: 'DELIVERY',
} as const;

/** One of {@link KAM_ERROR_CODES}. */
export type KamErrorCode = (typeof KAM_ERROR_CODES)[keyof typeof KAM_ERROR_CODES];

/** A supported user-facing locale. */
export type Locale = 'zh-CN' | 'en';

/** A message in both supported locales. */
export interface LocalisedText {
  'zh-CN': string;
  en: string;
}

/** One problem found while validating input: where it is and what was expected. */
export interface Issue {
  /** Path of the bad field, e.g. `tiers[2].min` or `row 14, column amount`. */
  path: string;
  /** What was expected there, in both locales. */
  expected: LocalisedText;
}

/** Options for {@link KamError}. */
export interface KamErrorOptions {
  code: KamErrorCode;
  message: LocalisedText;
  path?: string | undefined;
  issues?: readonly Issue[] | undefined;
  cause?: unknown;
}

/**
 * Base class of every deliberate KAMkit error.
 *
 * `message` is the English text (so stack traces read well); use
 * {@link KamError.messageIn} for the user's locale.
 *
 * @example
 * ```ts
 * try { loadTierPolicy(raw) } catch (error) {
 *   if (isKamError(error)) console.error(error.messageIn('zh-CN'));
 * }
 * ```
 */
export class KamError extends Error {
  readonly [marker] = true;
  /** Stable machine-readable code. */
  readonly code: KamErrorCode;
  /** The message in each locale. */
  readonly localised: LocalisedText;
  /** The offending path, when one field is at fault. */
  readonly path: string | undefined;
  /** Every problem found, for validation errors. */
  readonly issues: readonly Issue[];

  constructor(options: KamErrorOptions) {
    super(options.message.en, { cause: options.cause });
    this.name = 'KamError';
    this.code = options.code;
    this.localised = options.message;
    this.path = options.path;
    this.issues = options.issues ?? [];
  }

  /** The message in the given locale. */
  messageIn(locale: Locale): string {
    return this.localised[locale];
  }
}

/**
 * True when `value` is a {@link KamError}, even one created by another copy of
 * the package (the check uses a global symbol, not `instanceof`).
 */
export function isKamError(value: unknown): value is KamError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
}

/**
 * A request named something the caller may not see, or that does not exist: the two read the same.
 * `what` is one word for both locales, or `'中文 / English'`, which each locale reads its half of,
 * so a message never mixes languages.
 */
export function notFound(what: string, key: string): KamError {
  const [zh = what, en = what] = what.includes(' / ') ? what.split(' / ') : [what, what];
  return new KamError({
    code: KAM_ERROR_CODES.NOT_FOUND,
    message: { 'zh-CN': `未找到${zh}：${key}`, en: `No ${en} found: ${key}` },
  });
}
