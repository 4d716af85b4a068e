/**
 * 360° cycles: configuration, subjects, schedule and the state machine
 * draft → nominating → open → closed → published ⇄ appeal.
 *
 * @module
 */
import { z } from 'zod';
import { Id, IsoDate, IsoDateTime } from '../domain/common.js';
import { parseWith } from '../errors/from-zod.js';
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import { addDays, daysBetween } from '../time/calendar.js';
import { AggregationSchema } from './aggregation.js';
import { GradeBandSchema } from './model.js';
import { RelationWeightsSchema } from './relations.js';

/** Cycle states in order. */
export const CYCLE_STATES = ['draft', 'nominating', 'open', 'closed', 'published', 'appeal'] as const;
/** A cycle state. */
export const CycleStateSchema = z.enum(CYCLE_STATES);
/** A cycle state. */
export type CycleState = z.infer<typeof CycleStateSchema>;

/** The allowed transitions, as data. */
export const CYCLE_TRANSITIONS: Readonly<Record<CycleState, readonly CycleState[]>> = {
  draft: ['nominating'],
  nominating: ['open'],
  open: ['closed'],
  closed: ['published'],
  published: ['appeal'],
  appeal: ['published'],
};

/** A subject: a member of staff, or a key-account relationship (rated by sales, service, finance and the customer's contacts). */
export const SubjectSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('staff'),
    id: Id,
    name: z.string().trim().min(1),
    /** The staff member's user id: proposes raters, rates themself, reads the result. */
    userId: Id,
    supervisorId: Id.nullable().default(null),
    departmentHeadId: Id.nullable().default(null),
  }),
  z.object({
    kind: z.literal('key-account'),
    id: Id,
    name: z.string().trim().min(1),
    accountId: Id,
    /** The account manager who owns the relationship: proposes raters and reads the result. */
    ownerId: Id,
    supervisorId: Id.nullable().default(null),
    departmentHeadId: Id.nullable().default(null),
  }),
]);
/** A subject of a cycle. */
export type Subject = z.infer<typeof SubjectSchema>;

/** The person who acts for a subject (the staff member, or the relationship's owner). */
export function subjectPersonId(subject: Subject): string {
  return subject.kind === 'staff' ? subject.userId : subject.ownerId;
}

/** Who the cycle lets read a subject's result (seed: subject, supervisor, department head). */
export const ResultReaderSchema = z.enum(['subject', 'supervisor', 'department-head']);

const ScheduleSchema = z
  .object({
    nominationStarts: IsoDate,
    ratingStarts: IsoDate,
    /** Last day to submit (inclusive). */
    ratingEnds: IsoDate,
    publishOn: IsoDate,
  })
  .superRefine((schedule, context) => {
    const order = ['nominationStarts', 'ratingStarts', 'ratingEnds', 'publishOn'] as const;
    for (let index = 1; index < order.length; index++) {
      const earlier = order[index - 1]!;
      const later = order[index]!;
      if (schedule[later] < schedule[earlier])
        context.addIssue({ code: 'custom', path: [later], message: `must not be before ${earlier}` });
    }
  });

/** A cycle's full configuration and state. */
export const CycleSchema = z.object({
  id: Id,
  name: z.string().trim().min(1),
  /** Period label, e.g. `2026-H1`. */
  period: z.string().trim().min(1),
  /** Competency model id (a preset or a registered model). */
  modelId: Id,
  weights: RelationWeightsSchema,
  aggregation: AggregationSchema.default({ method: 'trimmed-mean', minCount: 5, trim: 1 }),
  anonymity: z
    .object({
      /** Minimum raters for the pool of too-small groups to be shown (never below a pooled group's own minimum). */
      poolMinRaters: z.number().int().min(2).default(3),
      /** When a group is withheld and cannot be pooled: leave it out of the overall (`exclude`) or withhold the overall. */
      withheldPolicy: z.enum(['exclude', 'withhold-overall']).default('exclude'),
    })
    .default({ poolMinRaters: 3, withheldPolicy: 'exclude' }),
  /** How many reviews one rater may be asked for in this cycle. */
  maxReviewsPerRater: z.number().int().min(1).default(10),
  /** Days an external rater's invitation stays valid. */
  invitationTtlDays: z.number().int().min(1).default(14),
  /** Remind raters this many days before `ratingEnds`. */
  reminderDaysBefore: z.array(z.number().int().min(0)).default([3, 1]),
  /** A rater's score this many scale points from the rest of their group raises an admin flag. */
  outlierThreshold: z.number().positive().default(1.5),
  /** Self minus others at least this big is a blind spot (or hidden strength when negative). */
  gapThreshold: z.number().positive().default(0.5),
  readers: z.array(ResultReaderSchema).default(['subject', 'supervisor', 'department-head']),
  /** Other user ids allowed to read every result of the cycle. */
  extraReaderIds: z.array(Id).default([]),
  /** Grade bands; default: the model's. */
  gradeBands: z.array(GradeBandSchema).optional(),
  schedule: ScheduleSchema,
  subjects: z.array(SubjectSchema).default([]),
  state: CycleStateSchema.default('draft'),
  history: z
    .array(z.object({ from: CycleStateSchema, to: CycleStateSchema, at: IsoDateTime, actor: Id }))
    .default([]),
  /** Optimistic-concurrency version, bumped on every save. */
  version: z.number().int().min(0).default(0),
  /** The cycle this one was copied from. */
  copiedFrom: Id.nullable().default(null),
});
/** A cycle. */
export type Cycle = z.infer<typeof CycleSchema>;
/** Input form of a cycle. */
export type CycleInput = z.input<typeof CycleSchema>;

/**
 * Validate a cycle definition.
 *
 * @throws KamError `INVALID_CONFIG` naming every bad field (e.g. `schedule.ratingEnds`).
 */
export function loadCycle(input: unknown): Cycle {
  const cycle = parseWith(CycleSchema, input, { 'zh-CN': '360 度考核周期', en: '360° cycle' });
  const ids = new Set<string>();
  cycle.subjects.forEach((subject, index) => {
    if (ids.has(subject.id))
      throw new KamError({
        code: KAM_ERROR_CODES.INVALID_CONFIG,
        path: `subjects[${index}].id`,
        message: { 'zh-CN': `被评价人重复：${subject.id}`, en: `Duplicate subject: ${subject.id}` },
      });
    ids.add(subject.id);
  });
  return cycle;
}

/**
 * Move a cycle to its next state. Returns a new cycle with the transition in
 * its history; the input is not changed.
 *
 * @throws KamError `INVALID_STATE` for a transition the state machine does not allow.
 * @example
 * ```ts
 * const open = transitionCycle(nominating, 'open', { actor: 'hr-1', at: new Date() });
 * ```
 */
export function transitionCycle(cycle: Cycle, to: CycleState, meta: { actor: string; at: Date }): Cycle {
  if (!CYCLE_TRANSITIONS[cycle.state].includes(to))
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_STATE,
      path: 'state',
      message: {
        'zh-CN': `考核周期 ${cycle.id} 不能从「${cycle.state}」转到「${to}」（允许：${CYCLE_TRANSITIONS[cycle.state].join('、') || '无'}）`,
        en: `Cycle ${cycle.id} cannot move from ${cycle.state} to ${to} (allowed: ${CYCLE_TRANSITIONS[cycle.state].join(', ') || 'none'})`,
      },
    });
  return {
    ...cycle,
    state: to,
    history: [...cycle.history, { from: cycle.state, to, at: meta.at.toISOString(), actor: meta.actor }],
  };
}

/** Throw `INVALID_STATE` unless the cycle is in one of `states`. */
export function assertCycleState(cycle: Cycle, states: readonly CycleState[], action: string): void {
  if (!states.includes(cycle.state))
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_STATE,
      path: 'state',
      message: {
        'zh-CN': `考核周期 ${cycle.id} 处于「${cycle.state}」，不能${action}`,
        en: `Cycle ${cycle.id} is ${cycle.state}; cannot ${action}`,
      },
    });
}

/**
 * Copy a cycle for the next period: same model, weights, rules and subjects,
 * a fresh draft with no history. The schedule moves by `shiftDays` (default:
 * so that nomination starts on `nominationStarts`) unless `schedule` is given.
 *
 * @example
 * ```ts
 * const next = copyCycle(h1, { id: 'c-2026-h2', name: '2026 下半年', period: '2026-H2', shiftDays: 182 });
 * ```
 */
export function copyCycle(
  cycle: Cycle,
  options: {
    id: string;
    name: string;
    period: string;
    shiftDays?: number;
    nominationStarts?: string;
    schedule?: Cycle['schedule'];
    overrides?: Partial<Pick<Cycle, 'modelId' | 'weights' | 'aggregation' | 'anonymity' | 'subjects'>>;
  },
): Cycle {
  const shift =
    options.shiftDays ??
    (options.nominationStarts === undefined
      ? 0
      : daysBetween(cycle.schedule.nominationStarts, options.nominationStarts));
  const schedule = options.schedule ?? {
    nominationStarts: addDays(cycle.schedule.nominationStarts, shift),
    ratingStarts: addDays(cycle.schedule.ratingStarts, shift),
    ratingEnds: addDays(cycle.schedule.ratingEnds, shift),
    publishOn: addDays(cycle.schedule.publishOn, shift),
  };
  return loadCycle({
    ...cycle,
    ...options.overrides,
    id: options.id,
    name: options.name,
    period: options.period,
    schedule,
    state: 'draft',
    history: [],
    version: 0,
    copiedFrom: cycle.id,
  });
}
