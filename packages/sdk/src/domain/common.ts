import { z } from 'zod';
import { isStorableText, MAX_KEY_LENGTH, STORABLE_TEXT } from './storable-text.js';

/** A calendar date `YYYY-MM-DD` in the organisation's time zone; the month and day must exist. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((value) => {
    const [year, month, day] = value.split('-').map(Number) as [number, number, number];
    if (month < 1 || month > 12 || day < 1) return false;
    return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
  }, 'expected a real calendar date YYYY-MM-DD');

/** An instant as an ISO-8601 string with offset or `Z`. */
export const IsoDateTime = z.iso.datetime({ offset: true });

/** Money in integer minor units (fen: ¥1 = 100 fen). */
export const Fen = z.number().int('expected a whole number of fen');

/** Non-negative money in fen. */
export const NonNegativeFen = Fen.min(0);

/** The zod form of {@link isStorableText}, with its message in both locales. */
const storable = { params: { expected: STORABLE_TEXT }, message: STORABLE_TEXT.en };

/**
 * An identifier: non-empty, no surrounding spaces, at most
 * {@link MAX_KEY_LENGTH} characters, storable text (no NUL, no unpaired surrogate).
 */
export const Id = z.string().trim().min(1).max(MAX_KEY_LENGTH).refine(isStorableText, storable);

/** A key that is indexed like an id (division, category): the same rules as {@link Id}. */
export const KeyText = Id;

/** Custom attribute values an account or contact may carry. */
export const AttributeValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** A user-facing locale. */
export const LocaleSchema = z.enum(['zh-CN', 'en']);
