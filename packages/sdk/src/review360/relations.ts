/**
 * Rater relations and relation weights as data. A weight scheme groups
 * relations (e.g. peers + subordinates) and gives each group a weight and an
 * anonymity minimum.
 *
 * @module
 */
import { z } from 'zod';
import { Id } from '../domain/common.js';
import { parseWith } from '../errors/from-zod.js';
import { LocalisedTextSchema } from './localised.js';

/**
 * How a rater stands to the subject. `sales`, `service` and `finance` are the
 * internal raters of a key-account relationship; `customer` is one of the
 * customer's own contacts; `partner` is any other partner.
 */
export const RELATIONS = [
  'supervisor',
  'peer',
  'subordinate',
  'self',
  'customer',
  'partner',
  'sales',
  'service',
  'finance',
] as const;
/** A rater relation. */
export const RelationSchema = z.enum(RELATIONS);
/** A rater relation. */
export type Relation = z.infer<typeof RelationSchema>;

/** Relations whose group may have an anonymity minimum below 2: their rater is known anyway. */
export const NAMED_RELATIONS: readonly Relation[] = ['self', 'supervisor'];

/** The default minimum number of raters for a group to be shown. */
export const DEFAULT_MIN_RATERS = 3;

/** A relation group: relations scored together, their weight and anonymity minimum. */
export const RelationGroupSchema = z.object({
  id: Id,
  name: LocalisedTextSchema,
  relations: z.array(RelationSchema).min(1),
  /** Relative weight; normalised over the groups present. */
  weight: z.number().positive(),
  /** Fewer raters than this and the group is not shown (default 3). */
  minRaters: z.number().int().min(1).default(DEFAULT_MIN_RATERS),
});
/** A relation group. */
export type RelationGroup = z.infer<typeof RelationGroupSchema>;

/** A relation weight scheme. */
export const RelationWeightsSchema = z
  .object({
    id: Id,
    name: LocalisedTextSchema,
    groups: z.array(RelationGroupSchema).min(1).max(250),
  })
  .superRefine((scheme, context) => {
    const seenRelations = new Set<Relation>();
    const seenIds = new Set<string>();
    scheme.groups.forEach((group, index) => {
      if (seenIds.has(group.id))
        context.addIssue({
          code: 'custom',
          path: ['groups', index, 'id'],
          message: `duplicate group ${group.id}`,
        });
      seenIds.add(group.id);
      for (const relation of group.relations) {
        if (seenRelations.has(relation))
          context.addIssue({
            code: 'custom',
            path: ['groups', index, 'relations'],
            message: `relation ${relation} is already in another group`,
          });
        seenRelations.add(relation);
      }
      const named = group.relations.every((relation) => NAMED_RELATIONS.includes(relation));
      if (!named && group.minRaters < 2)
        context.addIssue({
          code: 'custom',
          path: ['groups', index, 'minRaters'],
          message: 'groups other than self and supervisor need at least 2 raters to stay anonymous',
        });
    });
  });
/** A relation weight scheme. */
export type RelationWeights = z.infer<typeof RelationWeightsSchema>;
/** Input form of a relation weight scheme. */
export type RelationWeightsInput = z.input<typeof RelationWeightsSchema>;

/**
 * Validate a relation weight scheme.
 *
 * @throws KamError `INVALID_CONFIG` naming the bad field, e.g. `groups[1].minRaters`.
 */
export function loadRelationWeights(input: unknown): RelationWeights {
  return parseWith(RelationWeightsSchema, input, { 'zh-CN': '评价关系权重', en: 'relation weights' });
}

/** The index of the group holding `relation`, or −1 when the scheme does not weigh it. */
export function groupIndexOf(scheme: RelationWeights, relation: Relation): number {
  return scheme.groups.findIndex((group) => group.relations.includes(relation));
}
