import { z } from 'zod';

/** A user-facing text in both supported locales (zh-CN and en). */
export const LocalisedTextSchema = z.object({
  'zh-CN': z.string().trim().min(1),
  en: z.string().trim().min(1),
});
