/**
 * Interactions laid out in columns per account (compressed rows: one offset
 * per account into day / kind / level arrays sorted by day), so a cadence run
 * over many accounts asks "when was the last call by a supervisor or above?"
 * without building an object per interaction.
 *
 * @module
 */

import type { Interaction } from '../domain/interaction.js';
import {
  ACTOR_LEVELS,
  type ActorLevel,
  INTERACTION_KINDS,
  type InteractionKind,
} from '../domain/interaction.js';
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import { dayNumber, localDate } from '../time/calendar.js';

/** Interactions of many accounts, columnar, each account's rows sorted by local day. */
export interface InteractionIndex {
  /** `offsets[a]`..`offsets[a + 1]` are account `a`'s rows. */
  readonly offsets: Int32Array;
  /** Local day number (days since 1970-01-01) of each row. */
  readonly days: Int32Array;
  /** Position of the row's kind in `INTERACTION_KINDS`. */
  readonly kinds: Uint8Array;
  /** Position of the row's actor level in `ACTOR_LEVELS`. */
  readonly levels: Uint8Array;
}

/** Which interactions satisfy a rule: a bit per kind and an actor-level test. */
export interface InteractionMatcher {
  kindMask: number;
  level: number;
  exact: boolean;
}

const QUARTER_HOUR_MS = 900_000;

/** A matcher for interaction kinds (or `any`) and an actor level. */
export function interactionMatcher(
  kinds: 'any' | readonly InteractionKind[],
  actorLevel: ActorLevel,
  actorMatch: 'at-least' | 'exact',
): InteractionMatcher {
  let kindMask = 0;
  if (kinds === 'any') kindMask = (1 << INTERACTION_KINDS.length) - 1;
  else for (const kind of kinds) kindMask |= 1 << INTERACTION_KINDS.indexOf(kind);
  return { kindMask, level: ACTOR_LEVELS.indexOf(actorLevel), exact: actorMatch === 'exact' };
}

/**
 * Index interactions by account. Interactions of unknown accounts and those
 * after `untilDay` (in the future of the run) are left out. Instants become
 * local days in `timeZone`; conversions are cached per UTC quarter hour, which
 * is exact because every time zone's offset is a whole number of quarter hours.
 *
 * @throws KamError `INVALID_INPUT` naming `interactions[i].at` when an instant cannot be read.
 */
export function indexInteractions(
  interactions: readonly Interaction[],
  indexOf: ReadonlyMap<string, number>,
  accountCount: number,
  timeZone: string,
  untilDay: number,
): InteractionIndex {
  const total = interactions.length;
  const rowAccount = new Int32Array(total).fill(-1);
  const rowDay = new Int32Array(total);
  const dayCache = new Map<number, number>();
  const counts = new Int32Array(accountCount + 1);
  for (let row = 0; row < total; row++) {
    const interaction = interactions[row]!;
    const account = indexOf.get(interaction.accountId);
    if (account === undefined) continue;
    const instant = Date.parse(interaction.at);
    if (Number.isNaN(instant)) {
      throw new KamError({
        code: KAM_ERROR_CODES.INVALID_INPUT,
        path: `interactions[${row}].at`,
        message: {
          'zh-CN': `interactions[${row}].at：无法识别的时间“${interaction.at}”`,
          en: `interactions[${row}].at: "${interaction.at}" is not an instant`,
        },
      });
    }
    const bucket = Math.floor(instant / QUARTER_HOUR_MS);
    let day = dayCache.get(bucket);
    if (day === undefined) {
      day = dayNumber(localDate(new Date(bucket * QUARTER_HOUR_MS), timeZone));
      dayCache.set(bucket, day);
    }
    if (day > untilDay) continue;
    rowAccount[row] = account;
    rowDay[row] = day;
    counts[account + 1]! += 1;
  }
  const offsets = new Int32Array(accountCount + 1);
  for (let account = 0; account < accountCount; account++) {
    offsets[account + 1] = offsets[account]! + counts[account + 1]!;
  }
  const kept = offsets[accountCount]!;
  const order = new Int32Array(kept);
  const cursor = offsets.slice(0, accountCount);
  for (const row of rowsByDay(rowAccount, rowDay)) {
    const account = rowAccount[row]!;
    order[cursor[account]!] = row;
    cursor[account]! += 1;
  }
  const days = new Int32Array(kept);
  const kinds = new Uint8Array(kept);
  const levels = new Uint8Array(kept);
  for (let position = 0; position < kept; position++) {
    const row = order[position]!;
    const interaction = interactions[row]!;
    days[position] = rowDay[row]!;
    kinds[position] = INTERACTION_KINDS.indexOf(interaction.kind);
    levels[position] = ACTOR_LEVELS.indexOf(interaction.actorLevel);
  }
  return { offsets, days, kinds, levels };
}

/**
 * The kept rows (account ≥ 0) in ascending day order, stably: a counting sort
 * over the day range when it is modest, a comparison sort otherwise. Placing
 * them into account buckets in this order leaves each bucket sorted by day.
 */
function rowsByDay(rowAccount: Int32Array, rowDay: Int32Array): Int32Array {
  let minDay = Number.POSITIVE_INFINITY;
  let maxDay = Number.NEGATIVE_INFINITY;
  let kept = 0;
  for (let row = 0; row < rowAccount.length; row++) {
    if (rowAccount[row]! < 0) continue;
    kept += 1;
    const day = rowDay[row]!;
    if (day < minDay) minDay = day;
    if (day > maxDay) maxDay = day;
  }
  const rows = new Int32Array(kept);
  if (kept === 0) return rows;
  const span = maxDay - minDay + 1;
  if (span > 4 * kept + 100_000) {
    let position = 0;
    for (let row = 0; row < rowAccount.length; row++) {
      if (rowAccount[row]! < 0) continue;
      rows[position] = row;
      position += 1;
    }
    return rows.sort((a, b) => rowDay[a]! - rowDay[b]! || a - b);
  }
  const starts = new Int32Array(span + 1);
  for (let row = 0; row < rowAccount.length; row++) {
    if (rowAccount[row]! >= 0) starts[rowDay[row]! - minDay + 1]! += 1;
  }
  for (let day = 0; day < span; day++) starts[day + 1]! += starts[day]!;
  for (let row = 0; row < rowAccount.length; row++) {
    if (rowAccount[row]! < 0) continue;
    const bucket = rowDay[row]! - minDay;
    rows[starts[bucket]!] = row;
    starts[bucket]! += 1;
  }
  return rows;
}

function matches(index: InteractionIndex, position: number, matcher: InteractionMatcher): boolean {
  if ((matcher.kindMask & (1 << index.kinds[position]!)) === 0) return false;
  const level = index.levels[position]!;
  return matcher.exact ? level === matcher.level : level >= matcher.level;
}

/** The latest day ≤ `untilDay` with a matching interaction of `account`, or `undefined`. */
export function lastMatchingDay(
  index: InteractionIndex,
  account: number,
  matcher: InteractionMatcher,
  untilDay: number,
): number | undefined {
  for (let position = index.offsets[account + 1]! - 1; position >= index.offsets[account]!; position--) {
    const day = index.days[position]!;
    if (day > untilDay) continue;
    if (matches(index, position, matcher)) return day;
  }
  return undefined;
}

/** How many matching interactions `account` has on days `fromDay`..`toDay` (inclusive). */
export function countMatching(
  index: InteractionIndex,
  account: number,
  matcher: InteractionMatcher,
  fromDay: number,
  toDay: number,
): number {
  let count = 0;
  for (let position = index.offsets[account + 1]! - 1; position >= index.offsets[account]!; position--) {
    const day = index.days[position]!;
    if (day < fromDay) break;
    if (day <= toDay && matches(index, position, matcher)) count += 1;
  }
  return count;
}
