/**
 * 360° reports as one reader may see them: the individual report of a subject
 * and the cycle summary, read from a {@link ReviewRepository} with the 360°
 * read rules applied (`review360/access.ts`). Used by `kamkit report review360`.
 *
 * @module
 */
import type { AccessPolicy } from '../../access/permissions.js';
import type { User } from '../../domain/user.js';
import { notFound } from '../../errors/kam-error.js';
import {
  administersSubject,
  assertCanReadResult,
  canReadResult,
  type Review360Directory,
  resultNotFound,
} from '../../review360/access.js';
import type { CompetencyModel } from '../../review360/model.js';
import { competencyModelPreset } from '../../review360/presets.js';
import type { ReviewRepository } from '../../review360/repository.js';
import type { SubjectResult } from '../../review360/results.js';
import {
  buildReview360Individual,
  buildReview360Summary,
  type Review360Individual,
  type Review360Summary,
} from './review360-report.js';

/** Options for {@link loadReview360Report}. */
export interface LoadReview360ReportOptions {
  repository: ReviewRepository;
  /** The user reading the report (the CLI's `--as`). */
  reader: User;
  cycleId: string;
  /** The subject of an individual report; without it, the cycle summary. */
  subjectId?: string;
  /** Competency models besides the presets, by id. */
  models?: readonly CompetencyModel[];
  /**
   * Where subjects are placed in a division (usually the store). Without it a
   * division admin reads the summary only for the subjects the cycle names them for.
   */
  directory?: Review360Directory;
  /** The access policy whose `review360.admin` row says who administers which subjects. */
  policy?: AccessPolicy;
}

/** The error for a cycle summary that is missing or that the reader may not see: the two read the same. */
function summaryNotFound(cycleId: string) {
  return notFound('360 度考核结果 / 360° cycle results', cycleId);
}

/**
 * Load a 360° report for one reader.
 *
 * - With `subjectId`: the subject's individual report, for the readers the
 *   cycle names (by default the subject, their supervisor and department
 *   head) once the cycle is published or under appeal — the rule of
 *   {@link assertCanReadResult}, the same as in chat.
 * - Without: the cycle summary once published (or under appeal). A 360°
 *   administrator (system or division admin) sees every subject; any other
 *   reader sees only the subjects whose results they may read. A division
 *   admin's reach stops at their division (`review360.admin` in the
 *   permission table).
 *
 * Suppressed groups never appear (the builders list only published units),
 * and the summary carries no group-level figures.
 *
 * @throws KamError `NOT_FOUND` when the cycle, subject or result does not
 *   exist, and identically when the reader may not see it.
 * @example
 * ```ts
 * const report = await loadReview360Report({ repository, reader, cycleId: '2026-H1', subjectId: 's-zhang' });
 * renderReport(report, { locale: 'zh-CN', format: 'md' });
 * ```
 */
export async function loadReview360Report(
  options: LoadReview360ReportOptions,
): Promise<Review360Individual | Review360Summary> {
  const { repository, reader, cycleId, subjectId } = options;
  const cycle = await repository.getCycle(cycleId);
  const modelOf = (modelId: string) =>
    options.models?.find((model) => model.id === modelId) ?? competencyModelPreset(modelId);
  if (subjectId !== undefined) {
    assertCanReadResult(reader, cycle, subjectId);
    const stored = await repository.getResult(cycleId, subjectId);
    const subject = cycle?.subjects.find((candidate) => candidate.id === subjectId);
    if (!cycle || !stored || !subject) throw resultNotFound(cycleId, subjectId);
    return buildReview360Individual({
      result: stored.result,
      model: modelOf(cycle.modelId),
      subjectName: subject.name,
    });
  }
  if (!cycle || (cycle.state !== 'published' && cycle.state !== 'appeal') || reader.status !== 'active') {
    throw summaryNotFound(cycleId);
  }
  const rights = {
    ...(options.directory ? { directory: options.directory } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
  };
  const results = new Map<string, SubjectResult>();
  for (const subject of cycle.subjects) {
    if (!canReadResult(reader, cycle, subject.id) && !(await administersSubject(reader, subject, rights)))
      continue;
    const stored = await repository.getResult(cycleId, subject.id);
    if (stored) results.set(subject.id, stored.result);
  }
  if (results.size === 0) throw summaryNotFound(cycleId);
  return buildReview360Summary({
    cycle: { ...cycle, subjects: cycle.subjects.filter((subject) => results.has(subject.id)) },
    results: {
      resultFor: (id) => {
        const result = results.get(id);
        if (!result) throw resultNotFound(cycleId, id);
        return result;
      },
    },
  });
}
