/**
 * Submissions: one per nomination, validated item by item against the
 * model's scale, saved as a draft or submitted; identical re-submissions are
 * recognised by a content hash.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { validationError } from '../errors/from-zod.js';
import type { Issue } from '../errors/kam-error.js';
import type { CompetencyModel } from './model.js';
import type { Relation } from './relations.js';

/** What a rater sends: answers per item id, optional comment per dimension id. */
export const SubmissionInputSchema = z.object({
  answers: z.record(z.string(), z.unknown()).default({}),
  comments: z.record(z.string(), z.string()).default({}),
});
/** What a rater sends. */
export type SubmissionInput = z.input<typeof SubmissionInputSchema>;

/** A stored submission (one per nomination). */
export interface Submission {
  cycleId: string;
  nominationId: string;
  subjectId: string;
  raterKey: string;
  relation: Relation;
  answers: Record<string, number>;
  comments: Record<string, string>;
  status: 'draft' | 'submitted';
  /** SHA-256 of the canonical answers, comments and status. */
  contentHash: string;
  /** Bumped on every change. */
  version: number;
  updatedAt: string;
  submittedAt: string | null;
}

/** Longest comment accepted per dimension. */
export const MAX_COMMENT_LENGTH = 2000;

/**
 * Validate answers and comments against a model. Every bad item is named
 * (path `answers.<itemId>`, with the item's text); a complete submission needs
 * every item answered.
 *
 * @throws KamError `INVALID_INPUT` listing each bad answer or comment.
 * @example
 * ```ts
 * validateAnswers(model, { answers: { 'lead-direction': 6 } }, { complete: false });
 * // throws: answers.lead-direction: 「为团队设定清晰的方向和目标」应为 1–5 的整数
 * ```
 */
export function validateAnswers(
  model: CompetencyModel,
  input: SubmissionInput,
  options: { complete: boolean },
): { answers: Record<string, number>; comments: Record<string, string> } {
  const parsed = SubmissionInputSchema.safeParse(input);
  const raw = parsed.success ? parsed.data : { answers: {}, comments: {} };
  const issues: Issue[] = [];
  if (!parsed.success)
    issues.push({
      path: '(root)',
      expected: {
        'zh-CN': '应为 { answers, comments } 对象',
        en: 'expected an object { answers, comments }',
      },
    });
  const { min, max } = model.scale;
  const answers: Record<string, number> = {};
  const known = new Set<string>();
  for (const dimension of model.dimensions)
    for (const item of dimension.items) {
      known.add(item.id);
      const value = raw.answers[item.id];
      if (value === undefined || value === null) {
        if (options.complete)
          issues.push({
            path: `answers.${item.id}`,
            expected: {
              'zh-CN': `「${item.text['zh-CN']}」未作答（应为 ${min}–${max} 的整数）`,
              en: `"${item.text.en}" is not answered (expected a whole number ${min}–${max})`,
            },
          });
        continue;
      }
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        issues.push({
          path: `answers.${item.id}`,
          expected: {
            'zh-CN': `「${item.text['zh-CN']}」应为 ${min}–${max} 的整数，收到 ${JSON.stringify(value)}`,
            en: `"${item.text.en}" expects a whole number ${min}–${max}, got ${JSON.stringify(value)}`,
          },
        });
        continue;
      }
      answers[item.id] = value;
    }
  for (const itemId of Object.keys(raw.answers))
    if (!known.has(itemId))
      issues.push({
        path: `answers.${itemId}`,
        expected: { 'zh-CN': `模型中没有此题目：${itemId}`, en: `no such item in the model: ${itemId}` },
      });
  const dimensionIds = new Set(model.dimensions.map((dimension) => dimension.id));
  const comments: Record<string, string> = {};
  for (const [dimensionId, comment] of Object.entries(raw.comments)) {
    if (!dimensionIds.has(dimensionId)) {
      issues.push({
        path: `comments.${dimensionId}`,
        expected: {
          'zh-CN': `模型中没有此维度：${dimensionId}`,
          en: `no such dimension in the model: ${dimensionId}`,
        },
      });
      continue;
    }
    const text = comment.trim();
    if (text.length > MAX_COMMENT_LENGTH)
      issues.push({
        path: `comments.${dimensionId}`,
        expected: {
          'zh-CN': `评语不超过 ${MAX_COMMENT_LENGTH} 字`,
          en: `comment of at most ${MAX_COMMENT_LENGTH} characters`,
        },
      });
    else if (text !== '') comments[dimensionId] = text;
  }
  if (issues.length > 0)
    throw validationError({ 'zh-CN': '360 度评分', en: '360° rating' }, issues, 'INVALID_INPUT');
  return { answers, comments };
}

/** Canonical content hash of answers, comments and status (key order does not matter). */
export function submissionHash(content: {
  answers: Readonly<Record<string, number>>;
  comments: Readonly<Record<string, string>>;
  status: Submission['status'];
}): string {
  const canonical = JSON.stringify([
    content.status,
    Object.entries(content.answers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    Object.entries(content.comments).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
