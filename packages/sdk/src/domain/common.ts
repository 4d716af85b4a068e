import { z } from 'zod';

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

/** An identifier: non-empty, no surrounding spaces. */
export const Id = z.string().trim().min(1);

/** Custom attribute values an account or contact may carry. */
export const AttributeValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** A user-facing locale. */
export const LocaleSchema = z.enum(['zh-CN', 'en']);
