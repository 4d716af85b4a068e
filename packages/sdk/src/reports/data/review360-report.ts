import type { LocalisedText } from '../../errors/kam-error.js';
import type { Cycle } from '../../review360/cycle.js';
import type { CompetencyModel } from '../../review360/model.js';
import type { CycleResults, SubjectResult } from '../../review360/results.js';

/** A published unit (shown group or the pool) in an individual report. */
export interface Review360Unit {
  id: string;
  name: LocalisedText;
  score: number | null;
  raterCount: number | null;
  weight: number | null;
}

/** One person's 360° report: only published units, never a suppressed group. */
export interface Review360Individual {
  kind: 'review360-individual';
  cycleId: string;
  subjectId: string;
  subjectName: string;
  scale: { min: number; max: number };
  overall: { score: number | null; status: SubjectResult['overall']['status']; grade: LocalisedText | null };
  /** Shown groups and the pool, with their effective weights. */
  units: Review360Unit[];
  /** Per dimension: self and everyone else (weighted over the published non-self units). */
  dimensions: {
    id: string;
    name: LocalisedText;
    self: number | null;
    others: number | null;
    overall: number | null;
  }[];
  highest: { id: string; text: LocalisedText; score: number | null }[];
  lowest: { id: string; text: LocalisedText; score: number | null }[];
  blindSpots: { id: string; text: LocalisedText; self: number; others: number }[];
  hiddenStrengths: { id: string; text: LocalisedText; self: number; others: number }[];
  /** What was trimmed, hidden or re-weighted, in words (from the engine). */
  notes: LocalisedText[];
}

/**
 * Build one subject's 360° report from the published result. Groups that were
 * pooled, withheld or absent are never listed on their own; pooled ratings
 * appear only inside the pool.
 *
 * @example
 * ```ts
 * const results = computeCycleResults({ cycle, model, submissions });
 * const report = buildReview360Individual({ result: results.resultFor('s1'), model, subjectName: '张三' });
 * ```
 */
export function buildReview360Individual(options: {
  result: SubjectResult;
  model: CompetencyModel;
  subjectName: string;
  /** Most blind spots and hidden strengths listed, largest gap first (default 5). */
  maxGapItems?: number;
}): Review360Individual {
  const maxGapItems = options.maxGapItems ?? 5;
  const largestGaps = <T extends { gap: number }>(entries: readonly T[]): T[] =>
    [...entries].sort((a, b) => Math.abs(b.gap) - Math.abs(a.gap)).slice(0, maxGapItems);
  const { result, model } = options;
  const shown = result.groups.filter((group) => group.status === 'shown');
  const units: (Review360Unit & {
    dimensions: { id: string; score: number | null }[];
    self: boolean;
  })[] = shown.map((group) => ({
    id: group.id,
    name: group.name,
    score: group.score,
    raterCount: group.raterCount,
    weight: group.effectiveWeight,
    dimensions: group.dimensions,
    self: group.id === 'self',
  }));
  if (result.pool) {
    units.push({
      id: 'pool',
      name: { 'zh-CN': '合并组', en: 'pooled raters' },
      score: result.pool.score,
      raterCount: result.pool.raterCount,
      weight: result.pool.effectiveWeight,
      dimensions: result.pool.dimensions,
      self: false,
    });
  }
  const itemText = new Map<string, LocalisedText>();
  for (const dimension of model.dimensions)
    for (const item of dimension.items) itemText.set(item.id, item.text);
  const itemScore = new Map(result.items.map((item) => [item.id, item.score] as const));
  const textOf = (id: string): LocalisedText => itemText.get(id) ?? { 'zh-CN': id, en: id };
  const selfUnit = units.find((unit) => unit.self);
  const others = units.filter((unit) => !unit.self);
  return {
    kind: 'review360-individual',
    cycleId: result.cycleId,
    subjectId: result.subjectId,
    subjectName: options.subjectName,
    scale: result.scale,
    overall: {
      score: result.overall.score,
      status: result.overall.status,
      grade: result.overall.grade?.label ?? null,
    },
    units: units.map(({ id, name, score, raterCount, weight }) => ({ id, name, score, raterCount, weight })),
    dimensions: result.dimensions.map((dimension) => {
      let sum = 0;
      let weight = 0;
      for (const unit of others) {
        const value = unit.dimensions.find((entry) => entry.id === dimension.id)?.score ?? null;
        const unitWeight = unit.weight ?? 0;
        if (value === null || unitWeight <= 0) continue;
        sum += value * unitWeight;
        weight += unitWeight;
      }
      return {
        id: dimension.id,
        name: dimension.name,
        self: selfUnit?.dimensions.find((entry) => entry.id === dimension.id)?.score ?? null,
        others: weight > 0 ? sum / weight : null,
        overall: dimension.score,
      };
    }),
    highest: result.highestItems.map((id) => ({ id, text: textOf(id), score: itemScore.get(id) ?? null })),
    lowest: result.lowestItems.map((id) => ({ id, text: textOf(id), score: itemScore.get(id) ?? null })),
    blindSpots: largestGaps(result.selfGap?.blindSpots ?? []).map((entry) => ({
      id: entry.itemId,
      text: textOf(entry.itemId),
      self: entry.self,
      others: entry.others,
    })),
    hiddenStrengths: largestGaps(result.selfGap?.hiddenStrengths ?? []).map((entry) => ({
      id: entry.itemId,
      text: textOf(entry.itemId),
      self: entry.self,
      others: entry.others,
    })),
    notes: result.notes,
  };
}

/** A 360° cycle at a glance: no group-level figures, so nothing can identify a rater. */
export interface Review360Summary {
  kind: 'review360-summary';
  cycleId: string;
  cycleName: string;
  subjects: number;
  /** Subjects by the status of their overall result. */
  byStatus: Record<SubjectResult['overall']['status'], number>;
  /** Mean overall score over subjects with one. */
  meanOverall: number | null;
  grades: { label: LocalisedText; count: number }[];
  ranking: { subjectId: string; name: string; score: number | null; grade: LocalisedText | null }[];
}

/**
 * Summarise a cycle's results: subjects by result status, the mean overall
 * score, the grade distribution and the subjects ranked by overall score.
 *
 * @example
 * ```ts
 * const summary = buildReview360Summary({ cycle, results: computeCycleResults({ cycle, model, submissions }) });
 * ```
 */
export function buildReview360Summary(options: {
  cycle: Pick<Cycle, 'id' | 'name' | 'subjects'>;
  /** The results of the cycle's subjects (a computed batch, or the stored results). */
  results: Pick<CycleResults, 'resultFor'>;
}): Review360Summary {
  const { cycle, results } = options;
  const byStatus = { complete: 0, 'excludes-withheld': 0, withheld: 0, 'no-data': 0 };
  const grades = new Map<string, { label: LocalisedText; count: number }>();
  let sum = 0;
  let scored = 0;
  const ranking = cycle.subjects.map((subject) => {
    const result = results.resultFor(subject.id);
    byStatus[result.overall.status] += 1;
    const score = result.overall.status === 'withheld' ? null : result.overall.score;
    if (score !== null) {
      sum += score;
      scored += 1;
    }
    const grade = result.overall.grade;
    if (grade) {
      const entry = grades.get(grade.id) ?? { label: grade.label, count: 0 };
      entry.count += 1;
      grades.set(grade.id, entry);
    }
    return { subjectId: subject.id, name: subject.name, score, grade: grade?.label ?? null };
  });
  ranking.sort((a, b) => (b.score ?? Number.NEGATIVE_INFINITY) - (a.score ?? Number.NEGATIVE_INFINITY));
  return {
    kind: 'review360-summary',
    cycleId: cycle.id,
    cycleName: cycle.name,
    subjects: cycle.subjects.length,
    byStatus,
    meanOverall: scored === 0 ? null : sum / scored,
    grades: [...grades.values()],
    ranking,
  };
}
