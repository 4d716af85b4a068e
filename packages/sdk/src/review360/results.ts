/**
 * Per-subject 360° results, read out of the columnar batch: per item, per
 * dimension, per relation group, the weighted overall with its effective
 * weights, leniency z-scores beside every raw figure, self-vs-others gaps,
 * spread per item, grade, and admin-only outlier flags. Anonymity: every
 * published figure is computed from the ratings of published units only
 * (see docs/review360.md).
 *
 * @module
 */
import type { LocalisedText } from '../errors/kam-error.js';
import { notFound } from '../errors/kam-error.js';
import { atLeast, formatNumber, formatPercent } from '../money/decimal.js';
import type { Aggregation } from './aggregation.js';
import {
  aggregateRatingBatch,
  type RatingBatchConfig,
  type RatingBatchInput,
  type RatingBatchResult,
  UNIT_POOLED,
  UNIT_SHOWN,
  UNIT_WITHHELD,
  type WithheldPolicy,
} from './batch.js';
import type { Cycle } from './cycle.js';
import {
  type CompetencyModel,
  eventPointsAdjustment,
  type GradeBand,
  gradeFor,
  modelItems,
  satisfactionOnScale,
} from './model.js';
import { groupIndexOf, type RelationWeights } from './relations.js';
import type { Submission } from './submission.js';

/** Build the batch configuration for a model, weight scheme and rules. */
export function batchConfigFor(options: {
  model: CompetencyModel;
  weights: RelationWeights;
  aggregation: Aggregation;
  poolMinRaters?: number;
  withheldPolicy?: WithheldPolicy;
}): RatingBatchConfig {
  const items = modelItems(options.model);
  return {
    itemDimension: Int32Array.from(items, (entry) => entry.dimensionIndex),
    dimensionWeights: Float64Array.from(options.model.dimensions, (dimension) => dimension.weight),
    groupWeights: Float64Array.from(options.weights.groups, (group) => group.weight),
    groupMinRaters: Int32Array.from(options.weights.groups, (group) => group.minRaters),
    poolMinRaters: options.poolMinRaters ?? 3,
    withheldPolicy: options.withheldPolicy ?? 'exclude',
    aggregation: options.aggregation,
  };
}

/** A raw figure with its leniency-normalised z-score beside it. */
export interface ScoredFigure {
  score: number | null;
  /** Mean z-score of the ratings against each rater's own habits (+ = above what these raters usually give). */
  leniencyZ: number | null;
}

/** One relation group's view in a result. */
export interface GroupResult extends ScoredFigure {
  id: string;
  name: LocalisedText;
  /** `shown`; `pooled` (too small, folded into the pool); `withheld` (too small, feeds nothing shown); `absent`. */
  status: 'shown' | 'pooled' | 'withheld' | 'absent';
  /** Raters counted; only for shown groups. */
  raterCount: number | null;
  nominalWeight: number;
  effectiveWeight: number | null;
  dimensions: ({ id: string } & ScoredFigure)[];
  items: ({ id: string } & ScoredFigure)[];
}

/** The pool of groups too small to show on their own. */
export interface PoolResult extends ScoredFigure {
  groups: string[];
  raterCount: number;
  effectiveWeight: number | null;
  dimensions: ({ id: string } & ScoredFigure)[];
  items: ({ id: string } & ScoredFigure)[];
}

/** One item across all published units. */
export interface ItemResult extends ScoredFigure {
  id: string;
  dimensionId: string;
  text: LocalisedText;
  /** Standard deviation and count of the published ratings of this item. */
  spread: { sd: number | null; count: number };
  /** 1 = everyone agrees, 0 = ratings as spread as the scale allows. */
  agreement: number | null;
}

/** One self-vs-others difference. */
export interface GapEntry {
  itemId: string;
  self: number;
  others: number;
  /** self − others. */
  gap: number;
}

/** The published result of one subject. JSON-serialisable. */
export interface SubjectResult {
  cycleId: string;
  subjectId: string;
  modelId: string;
  scale: { min: number; max: number };
  aggregation: Aggregation;
  overall: ScoredFigure & {
    /** `complete`; `excludes-withheld` (a too-small group left out); `withheld` (policy); `no-data`. */
    status: 'complete' | 'excludes-withheld' | 'withheld' | 'no-data';
    grade: { id: string; label: LocalisedText } | null;
    /** Event-point adjustment applied (front-line form), in scale points on its dimension. */
    eventAdjustment: number | null;
  };
  /** Effective weight of each published unit (group id, or `pool`). */
  effectiveWeights: { unit: string; weight: number }[];
  groups: GroupResult[];
  pool: PoolResult | null;
  dimensions: ({ id: string; name: LocalisedText; weight: number } & ScoredFigure)[];
  items: ItemResult[];
  highestItems: string[];
  lowestItems: string[];
  selfGap: { blindSpots: GapEntry[]; hiddenStrengths: GapEntry[] } | null;
  /** The satisfaction index blended into a dimension (models with `satisfaction`), or `null`. */
  satisfaction: SatisfactionInResult | null;
  /** Submitted ratings voided on appeal and left out of every figure (a count, never who). */
  voidedRatings: number;
  /** What was trimmed, hidden or re-weighted, in words. */
  notes: LocalisedText[];
}

/** The satisfaction index one subject's result rests on, as read by the engine. */
export interface SubjectSatisfaction {
  /**
   * The index (0–100) of the subject's accounts — a key-account subject's
   * account, the accounts a staff subject owns — or `null` when none has a
   * response in the window.
   */
  index: { value: number; display: string; responses: number; accounts: number } | null;
  /** The last day of the window (`YYYY-MM-DD`). */
  asOf: string;
}

/** Satisfaction figures per subject id, for models with `satisfaction`. */
export type SatisfactionFigures = Readonly<Record<string, SubjectSatisfaction>>;

/** How the satisfaction index entered a result. */
export interface SatisfactionInResult {
  dimensionId: string;
  /** Share of the dimension the index takes (the model's `satisfaction.weight`). */
  weight: number;
  /** The index used (one decimal, `'83.3'`), or `null`: none in the window, the ratings alone count. */
  index: string | null;
  responses: number;
  accounts: number;
  asOf: string | null;
  /** The index on the model's scale. */
  onScale: number | null;
  /** Change of the dimension's score (blended − ratings alone). */
  adjustment: number | null;
}

/** An admin-only flag: a rating far from the rest of its group, never naming the rater. */
export interface OutlierFlag {
  unit: string;
  direction: 'below' | 'above';
  count: number;
  message: LocalisedText;
}

/** Per-subject event tallies for models with event points. */
export type EventTallies = Readonly<
  Record<string, { counts: Readonly<Record<string, number>>; surveys: number }>
>;

/** Results of a whole cycle: the batch plus per-subject read-outs. */
export interface CycleResults {
  batch: RatingBatchResult;
  subjectIds: readonly string[];
  /** The published result of one subject. @throws KamError `NOT_FOUND` for an unknown subject. */
  resultFor(subjectId: string): SubjectResult;
  /** Outlier flags for admins. @throws KamError `NOT_FOUND` for an unknown subject. */
  outlierFlagsFor(subjectId: string): OutlierFlag[];
}

const finite = (value: number | undefined): number | null =>
  value === undefined || Number.isNaN(value) ? null : value;

/**
 * Compute the results of every subject of a cycle from its submitted ratings
 * (drafts are ignored). One columnar pass; per-subject objects on demand.
 *
 * @example
 * ```ts
 * const results = computeCycleResults({ cycle, model, submissions });
 * const mine = results.resultFor('s-zhang');
 * mine.overall.score; mine.effectiveWeights; mine.groups.map((g) => g.status);
 * ```
 */
export function computeCycleResults(options: {
  cycle: Pick<
    Cycle,
    'id' | 'subjects' | 'weights' | 'aggregation' | 'anonymity' | 'outlierThreshold' | 'gapThreshold'
  > & {
    gradeBands?: readonly GradeBand[] | undefined;
  };
  model: CompetencyModel;
  submissions: readonly Submission[];
  events?: EventTallies;
  /** Per-subject satisfaction indexes, for models with `satisfaction` (missing → no index). */
  satisfaction?: SatisfactionFigures;
  /** Per-subject counts of ratings voided on appeal (already left out of `submissions`), for the note. */
  voided?: Readonly<Record<string, number>>;
}): CycleResults {
  const { cycle, model } = options;
  const items = modelItems(model);
  const itemCount = items.length;
  const subjectIndex = new Map(cycle.subjects.map((subject, index) => [subject.id, index]));
  const raterIndex = new Map<string, number>();
  const submitted = options.submissions.filter(
    (submission) => submission.status === 'submitted' && subjectIndex.has(submission.subjectId),
  );
  const rows = submitted.length;
  const input: RatingBatchInput = {
    subjectCount: cycle.subjects.length,
    raterCount: 0,
    itemCount,
    rowSubject: new Int32Array(rows),
    rowRater: new Int32Array(rows),
    rowGroup: new Int32Array(rows),
    scores: new Float64Array(rows * itemCount),
  };
  submitted.forEach((submission, row) => {
    input.rowSubject[row] = subjectIndex.get(submission.subjectId)!;
    let rater = raterIndex.get(submission.raterKey);
    if (rater === undefined) {
      rater = raterIndex.size;
      raterIndex.set(submission.raterKey, rater);
    }
    input.rowRater[row] = rater;
    input.rowGroup[row] = groupIndexOf(cycle.weights, submission.relation);
    items.forEach((entry, i) => {
      input.scores[row * itemCount + i] = submission.answers[entry.item.id] ?? Number.NaN;
    });
  });
  input.raterCount = raterIndex.size;
  const batch = aggregateRatingBatch(
    input,
    batchConfigFor({
      model,
      weights: cycle.weights,
      aggregation: cycle.aggregation,
      poolMinRaters: cycle.anonymity.poolMinRaters,
      withheldPolicy: cycle.anonymity.withheldPolicy,
    }),
  );
  let rowIndex: { start: Int32Array; order: Int32Array } | undefined;
  const rowsOf = (subject: number): Int32Array => {
    if (!rowIndex) {
      const start = new Int32Array(input.subjectCount + 1);
      for (const s of input.rowSubject) start[s + 1]!++;
      for (let s = 0; s < input.subjectCount; s++) start[s + 1]! += start[s]!;
      const cursor = start.slice(0, input.subjectCount);
      const order = new Int32Array(rows);
      input.rowSubject.forEach((s, row) => {
        order[cursor[s]!++] = row;
      });
      rowIndex = { start, order };
    }
    return rowIndex.order.subarray(rowIndex.start[subject]!, rowIndex.start[subject + 1]!);
  };
  const indexOf = (subjectId: string): number => {
    const index = subjectIndex.get(subjectId);
    if (index === undefined) throw notFound('360 度结果 / 360° result', `${cycle.id}/${subjectId}`);
    return index;
  };
  return {
    batch,
    subjectIds: cycle.subjects.map((subject) => subject.id),
    resultFor: (subjectId) =>
      buildSubjectResult({
        cycle,
        model,
        batch,
        input,
        subject: indexOf(subjectId),
        subjectId,
        rows: rowsOf(indexOf(subjectId)),
        events: options.events?.[subjectId],
        satisfaction: options.satisfaction?.[subjectId],
        voided: options.voided?.[subjectId] ?? 0,
      }),
    outlierFlagsFor: (subjectId) => outlierFlags(cycle, batch, rowsOf(indexOf(subjectId))),
  };
}

function buildSubjectResult(context: {
  cycle: Parameters<typeof computeCycleResults>[0]['cycle'];
  model: CompetencyModel;
  batch: RatingBatchResult;
  input: RatingBatchInput;
  subject: number;
  subjectId: string;
  rows: Int32Array;
  events: { counts: Readonly<Record<string, number>>; surveys: number } | undefined;
  satisfaction: SubjectSatisfaction | undefined;
  voided: number;
}): SubjectResult {
  const { cycle, model, batch, subject, input } = context;
  const { unitCount, itemCount, dimensionCount, groupCount } = batch;
  const items = modelItems(model);
  const cellBase = subject * unitCount;
  const unitName = (u: number) => (u === groupCount ? 'pool' : cycle.weights.groups[u]!.id);
  const dimensionWeightTotal = model.dimensions.reduce((sum, dimension) => sum + dimension.weight, 0);
  const notes: LocalisedText[] = [];

  const unitFigures = (u: number) => {
    const cell = cellBase + u;
    return {
      score: finite(batch.unitScore[cell]),
      leniencyZ: finite(batch.unitZ[cell]),
      dimensions: model.dimensions.map((dimension, d) => ({
        id: dimension.id,
        score: finite(batch.unitDimension[cell * dimensionCount + d]),
        leniencyZ: dimensionZ(batch, cell, d, items),
      })),
      items: items.map((entry, i) => ({
        id: entry.item.id,
        score: finite(batch.unitItem[cell * itemCount + i]),
        leniencyZ: finite(batch.unitItemZ[cell * itemCount + i]),
      })),
    };
  };
  const emptyFigures = { score: null, leniencyZ: null, dimensions: [], items: [] };

  const groups: GroupResult[] = cycle.weights.groups.map((group, g) => {
    const status = batch.unitStatus[cellBase + g];
    const shown = status === UNIT_SHOWN;
    const weight = batch.unitWeight[cellBase + g]!;
    return {
      id: group.id,
      name: group.name,
      status: shown
        ? 'shown'
        : status === UNIT_POOLED
          ? 'pooled'
          : status === UNIT_WITHHELD
            ? 'withheld'
            : 'absent',
      raterCount: shown ? batch.unitRaters[cellBase + g]! : null,
      nominalWeight: group.weight,
      effectiveWeight: shown && weight > 0 ? weight : null,
      ...(shown ? unitFigures(g) : emptyFigures),
    };
  });
  const poolStatus = batch.unitStatus[cellBase + groupCount];
  const pooledIds = groups.filter((group) => group.status === 'pooled').map((group) => group.id);
  const pool: PoolResult | null =
    poolStatus === UNIT_SHOWN
      ? {
          groups: pooledIds,
          raterCount: batch.unitRaters[cellBase + groupCount]!,
          effectiveWeight:
            batch.unitWeight[cellBase + groupCount]! > 0 ? batch.unitWeight[cellBase + groupCount]! : null,
          ...unitFigures(groupCount),
        }
      : null;
  if (pool)
    notes.push({
      'zh-CN': `评价人不足的组（${pooledIds.join('、')}）合并为「其他」组显示（${pool.raterCount} 人）`,
      en: `Groups with too few raters (${pooledIds.join(', ')}) are shown together as one pool (${pool.raterCount} raters)`,
    });
  const withheld = groups.filter((group) => group.status === 'withheld').map((group) => group.id);
  if (withheld.length > 0)
    notes.push({
      'zh-CN': `评价人不足的组（${withheld.join('、')}）为保护匿名不显示，且不计入任何显示的数字`,
      en: `Groups with too few raters (${withheld.join(', ')}) are not shown and feed no figure shown, to protect anonymity`,
    });
  if (cycle.aggregation.method === 'trimmed-mean')
    notes.push({
      'zh-CN': `每组评价人不少于 ${cycle.aggregation.minCount} 人时，每题去掉 ${cycle.aggregation.trim} 个最高分和 ${cycle.aggregation.trim} 个最低分`,
      en: `In groups of at least ${cycle.aggregation.minCount} raters, the ${cycle.aggregation.trim} highest and ${cycle.aggregation.trim} lowest rating(s) of each item are dropped`,
    });

  // Cross-unit figures use the effective weights (zero when the overall is withheld).
  const effectiveWeights: { unit: string; weight: number }[] = [];
  for (let u = 0; u < unitCount; u++) {
    const weight = batch.unitWeight[cellBase + u]!;
    if (weight > 0) effectiveWeights.push({ unit: unitName(u), weight });
  }
  const weightedAcross = (read: (cell: number) => number): number | null => {
    let total = 0;
    let sum = 0;
    for (let u = 0; u < unitCount; u++) {
      const weight = batch.unitWeight[cellBase + u]!;
      const value = read(cellBase + u);
      if (weight === 0 || Number.isNaN(value)) continue;
      total += weight;
      sum += weight * value;
    }
    return total > 0 ? sum / total : null;
  };
  const dimensions = model.dimensions.map((dimension, d) => ({
    id: dimension.id,
    name: dimension.name,
    weight: dimension.weight / dimensionWeightTotal,
    score: weightedAcross((cell) => batch.unitDimension[cell * dimensionCount + d]!),
    leniencyZ: weightedAcross((cell) => dimensionZ(batch, cell, d, items) ?? Number.NaN),
  }));

  // Spread per item over the published raters only.
  const sums = new Float64Array(itemCount);
  const squares = new Float64Array(itemCount);
  const counts = new Int32Array(itemCount);
  for (const row of context.rows) {
    if (batch.rowUnit[row]! < 0) continue;
    for (let i = 0; i < itemCount; i++) {
      const value = input.scores[row * itemCount + i]!;
      if (Number.isNaN(value)) continue;
      sums[i]! += value;
      squares[i]! += value * value;
      counts[i]!++;
    }
  }
  const halfRange = (model.scale.max - model.scale.min) / 2;
  const itemResults: ItemResult[] = items.map((entry, i) => {
    const count = counts[i]!;
    const mean = count > 0 ? sums[i]! / count : 0;
    const sd = count > 0 ? Math.sqrt(Math.max(0, squares[i]! / count - mean * mean)) : null;
    return {
      id: entry.item.id,
      dimensionId: model.dimensions[entry.dimensionIndex]!.id,
      text: entry.item.text,
      score: weightedAcross((cell) => batch.unitItem[cell * itemCount + i]!),
      leniencyZ: weightedAcross((cell) => batch.unitItemZ[cell * itemCount + i]!),
      spread: { sd, count },
      agreement: sd === null || count < 2 ? null : Math.max(0, 1 - sd / halfRange),
    };
  });
  const ranked = itemResults
    .filter((item) => item.score !== null)
    .sort((a, b) => (b.score as number) - (a.score as number));
  const highestItems = ranked.slice(0, 3).map((item) => item.id);
  const lowestItems = ranked
    .slice(-3)
    .reverse()
    .map((item) => item.id);

  // Overall, with event points when the model has them.
  let overallScore = finite(batch.overall[subject]);
  let eventAdjustment: number | null = null;
  if (model.eventPoints && context.events && overallScore !== null) {
    const d = model.dimensions.findIndex((dimension) => dimension.id === model.eventPoints!.dimensionId);
    const dimension = dimensions[d]!;
    if (dimension.score !== null) {
      const adjustment = eventPointsAdjustment(model.eventPoints, context.events);
      const adjusted = Math.min(model.scale.max, Math.max(model.scale.min, dimension.score + adjustment));
      eventAdjustment = adjusted - dimension.score;
      overallScore += dimension.weight * eventAdjustment;
      dimension.score = adjusted;
      notes.push({
        'zh-CN': `事件加减分（按调查次数 ${context.events.surveys} 折算）调整「${dimension.name['zh-CN']}」${formatNumber(eventAdjustment, { decimals: 2, fixed: true })} 分`,
        en: `Event points (normalised by ${context.events.surveys} surveys) adjust "${dimension.name.en}" by ${formatNumber(eventAdjustment, { decimals: 2, fixed: true })}`,
      });
    }
  }
  let satisfaction: SatisfactionInResult | null = null;
  if (model.satisfaction && overallScore !== null) {
    const blend = model.satisfaction;
    const dimension = dimensions.find((candidate) => candidate.id === blend.dimensionId)!;
    const figure = context.satisfaction;
    const share = formatPercent(blend.weight, { decimals: 0 });
    if (dimension.score !== null && figure?.index) {
      const onScale = satisfactionOnScale(figure.index.value, model.scale);
      const blended = (1 - blend.weight) * dimension.score + blend.weight * onScale;
      const adjustment = blended - dimension.score;
      overallScore += dimension.weight * adjustment;
      const two = (value: number) => formatNumber(value, { decimals: 2, fixed: true });
      notes.push({
        'zh-CN': `「${dimension.name['zh-CN']}」计入客户满意度指数 ${figure.index.display}（${figure.index.accounts} 家客户、${figure.index.responses} 份问卷，截至 ${figure.asOf}），折合 ${two(onScale)} 分，占该维度 ${share}：${two(dimension.score)} → ${two(blended)}`,
        en: `"${dimension.name.en}" takes in the customer satisfaction index ${figure.index.display} (${figure.index.accounts} ${figure.index.accounts === 1 ? 'account' : 'accounts'}, ${figure.index.responses} ${figure.index.responses === 1 ? 'response' : 'responses'}, up to ${figure.asOf}), ${two(onScale)} on the scale, for ${share} of the dimension: ${two(dimension.score)} → ${two(blended)}`,
      });
      satisfaction = {
        dimensionId: dimension.id,
        weight: blend.weight,
        index: figure.index.display,
        responses: figure.index.responses,
        accounts: figure.index.accounts,
        asOf: figure.asOf,
        onScale,
        adjustment,
      };
      dimension.score = blended;
    } else if (dimension.score !== null) {
      notes.push({
        'zh-CN': `「${dimension.name['zh-CN']}」本应计入客户满意度指数（占 ${share}），但${figure ? `截至 ${figure.asOf} ` : ''}窗口内没有可用的问卷回答，该维度只按评分计算`,
        en: `"${dimension.name.en}" would take in the customer satisfaction index (${share}), but there is no survey response in the window${figure ? ` up to ${figure.asOf}` : ''}; the dimension rests on the ratings alone`,
      });
      satisfaction = {
        dimensionId: dimension.id,
        weight: blend.weight,
        index: null,
        responses: 0,
        accounts: 0,
        asOf: figure?.asOf ?? null,
        onScale: null,
        adjustment: null,
      };
    }
  }
  if (context.voided > 0)
    notes.push({
      'zh-CN': `${context.voided} 份评分经申诉裁决作废，不计入任何数字`,
      en:
        context.voided === 1
          ? '1 rating was voided on appeal and counts in no figure'
          : `${context.voided} ratings were voided on appeal and count in no figure`,
    });
  const withheldCount = batch.withheldGroups[subject]!;
  const status: SubjectResult['overall']['status'] =
    overallScore === null
      ? withheldCount > 0 && cycle.anonymity.withheldPolicy === 'withhold-overall'
        ? 'withheld'
        : 'no-data'
      : withheldCount > 0
        ? 'excludes-withheld'
        : 'complete';
  const absent = groups.filter((group) => group.status === 'absent').map((group) => group.id);
  if (absent.length > 0 && overallScore !== null)
    notes.push({
      'zh-CN': `没有评价的组（${absent.join('、')}）的权重按比例分配给其他组`,
      en: `The weight of groups without raters (${absent.join(', ')}) is spread over the others in proportion`,
    });
  const bands = cycle.gradeBands ?? model.gradeBands;
  const grade = overallScore === null ? null : gradeFor(overallScore, bands);

  return {
    cycleId: cycle.id,
    subjectId: context.subjectId,
    modelId: model.id,
    scale: { min: model.scale.min, max: model.scale.max },
    aggregation: cycle.aggregation,
    overall: {
      score: overallScore,
      leniencyZ: finite(batch.overallZ[subject]),
      status,
      grade: grade ? { id: grade.id, label: grade.label } : null,
      eventAdjustment,
    },
    effectiveWeights,
    groups,
    pool,
    dimensions,
    items: itemResults,
    highestItems,
    lowestItems,
    selfGap: selfGap(cycle, batch, subject, items, cycle.gapThreshold),
    satisfaction,
    voidedRatings: context.voided,
    notes,
  };
}

function dimensionZ(
  batch: RatingBatchResult,
  cell: number,
  dimension: number,
  items: { dimensionIndex: number }[],
): number | null {
  let sum = 0;
  let count = 0;
  items.forEach((entry, i) => {
    if (entry.dimensionIndex !== dimension) return;
    const value = batch.unitItemZ[cell * batch.itemCount + i]!;
    if (Number.isNaN(value)) return;
    sum += value;
    count++;
  });
  return count > 0 ? sum / count : null;
}

function selfGap(
  cycle: { weights: RelationWeights },
  batch: RatingBatchResult,
  subject: number,
  items: { item: { id: string } }[],
  threshold: number,
): SubjectResult['selfGap'] {
  const selfGroup = cycle.weights.groups.findIndex(
    (group) => group.relations.length === 1 && group.relations[0] === 'self',
  );
  const cellBase = subject * batch.unitCount;
  if (selfGroup < 0 || batch.unitStatus[cellBase + selfGroup] !== UNIT_SHOWN) return null;
  const blindSpots: GapEntry[] = [];
  const hiddenStrengths: GapEntry[] = [];
  items.forEach((entry, i) => {
    const self = batch.unitItem[(cellBase + selfGroup) * batch.itemCount + i]!;
    let total = 0;
    let sum = 0;
    for (let u = 0; u < batch.unitCount; u++) {
      if (u === selfGroup || batch.unitStatus[cellBase + u] !== UNIT_SHOWN) continue;
      const value = batch.unitItem[(cellBase + u) * batch.itemCount + i]!;
      if (Number.isNaN(value)) continue;
      const weight =
        u === batch.groupCount
          ? cycle.weights.groups.reduce(
              (acc, group, g) => acc + (batch.unitStatus[cellBase + g] === UNIT_POOLED ? group.weight : 0),
              0,
            )
          : cycle.weights.groups[u]!.weight;
      total += weight;
      sum += weight * value;
    }
    if (total === 0 || Number.isNaN(self)) return;
    const others = sum / total;
    const gap = self - others;
    if (atLeast(gap, threshold)) blindSpots.push({ itemId: entry.item.id, self, others, gap });
    else if (atLeast(-gap, threshold)) hiddenStrengths.push({ itemId: entry.item.id, self, others, gap });
  });
  blindSpots.sort((a, b) => b.gap - a.gap);
  hiddenStrengths.sort((a, b) => a.gap - b.gap);
  return { blindSpots, hiddenStrengths };
}

function outlierFlags(
  cycle: { weights: RelationWeights; outlierThreshold: number },
  batch: RatingBatchResult,
  rows: Int32Array,
): OutlierFlag[] {
  const flags: OutlierFlag[] = [];
  for (let u = 0; u < batch.unitCount; u++) {
    const scores: number[] = [];
    for (const row of rows)
      if (batch.rowUnit[row] === u && !Number.isNaN(batch.rowScore[row]!)) scores.push(batch.rowScore[row]!);
    if (scores.length < 3) continue;
    const total = scores.reduce((sum, value) => sum + value, 0);
    let below = 0;
    let above = 0;
    for (const score of scores) {
      const others = (total - score) / (scores.length - 1);
      // "Far" is a gap of at least the threshold; atLeast absorbs the drift of the averages.
      if (atLeast(others - score, cycle.outlierThreshold)) below++;
      else if (atLeast(score - others, cycle.outlierThreshold)) above++;
    }
    const unit = u === batch.groupCount ? 'pool' : cycle.weights.groups[u]!.id;
    const unitLabel =
      u === batch.groupCount ? { 'zh-CN': '其他', en: 'others' } : cycle.weights.groups[u]!.name;
    const say = (count: number, direction: 'below' | 'above'): OutlierFlag => ({
      unit,
      direction,
      count,
      message: {
        'zh-CN': `「${unitLabel['zh-CN']}」组中有 ${count} 份评分远${direction === 'below' ? '低' : '高'}于其他人`,
        en: `${count === 1 ? 'One rating' : `${count} ratings`} in group ${unitLabel.en} ${count === 1 ? 'lies' : 'lie'} far ${direction} the others`,
      },
    });
    if (below > 0) flags.push(say(below, 'below'));
    if (above > 0) flags.push(say(above, 'above'));
  }
  return flags;
}
