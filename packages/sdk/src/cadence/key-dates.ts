/**
 * When a `key-date` rule falls due for one account: each of the account's own
 * dates of the rule's kinds, or each of its contacts' birthdays, is due from
 * `leadDays` before its yearly (or one-off) occurrence to `graceDays` after.
 *
 * @module
 */
import type { Account } from '../domain/account.js';
import type { Contact } from '../domain/contact.js';
import { ACCOUNT_DATE_KIND_LABELS, annualDateIn } from '../domain/key-date.js';
import type { LocalisedText } from '../errors/kam-error.js';
import { dayNumber } from '../time/calendar.js';
import type { KeyDateRule, KeyDateSource } from './service-policy.js';

/** The occurrence of a key date an action is for. */
export interface KeyDateOccurrence {
  /** The account date's kind, or `birthday`. */
  source: KeyDateSource;
  /** The day it falls on this time, `YYYY-MM-DD` (a birthday's year of birth is never given). */
  date: string;
  /** The account date's own label, as recorded. */
  label?: string;
  /** Birthdays: whose. */
  contactId?: string;
  contactName?: string;
  /** Yearly account dates recorded with their year: how many years it has been. */
  years?: number;
}

/** One dated thing of an account a key-date rule looks at. */
export interface KeyDateSubject {
  source: KeyDateSource;
  /** `MM-DD` or `YYYY-MM-DD`, as recorded. */
  date: string;
  once: boolean;
  label?: string;
  contact?: Pick<Contact, 'id' | 'name'>;
}

/** The account's dates of the rule's kinds, then its contacts' birthdays (when the rule names them), in record order. */
export function keyDateSubjects(
  rule: KeyDateRule,
  account: Account,
  contacts: readonly Contact[],
): KeyDateSubject[] {
  const wanted = new Set<string>(rule.dates);
  const subjects: KeyDateSubject[] = [];
  for (const entry of account.keyDates ?? []) {
    if (!wanted.has(entry.kind)) continue;
    subjects.push({
      source: entry.kind,
      date: entry.date,
      once: entry.once === true,
      ...(entry.label === undefined ? {} : { label: entry.label }),
    });
  }
  if (wanted.has('birthday')) {
    for (const contact of contacts) {
      if (contact.birthday === undefined || contact.accountId !== account.id) continue;
      subjects.push({
        source: 'birthday',
        date: contact.birthday,
        once: false,
        contact: { id: contact.id, name: contact.name },
      });
    }
  }
  return subjects;
}

interface Occurrence {
  date: string;
  day: number;
  years: number | undefined;
}

function occurrences(subject: KeyDateSubject, year: number): Occurrence[] {
  const recordedYear = subject.date.length === 10 ? Number(subject.date.slice(0, 4)) : undefined;
  if (subject.once) return [{ date: subject.date, day: dayNumber(subject.date), years: undefined }];
  const result: Occurrence[] = [];
  for (let offset = -1; offset <= 1; offset++) {
    if (recordedYear !== undefined && year + offset < recordedYear) continue;
    const date = annualDateIn(subject.date, year + offset);
    const years =
      recordedYear === undefined || subject.source === 'birthday' || year + offset === recordedYear
        ? undefined
        : year + offset - recordedYear;
    result.push({ date, day: dayNumber(date), years });
  }
  return result;
}

/** What the action is about: the contact's name, or the date's label or kind. */
function subjectName(subject: KeyDateSubject): LocalisedText {
  if (subject.contact !== undefined)
    return { 'zh-CN': `${subject.contact.name}生日`, en: `${subject.contact.name}’s birthday` };
  if (subject.label !== undefined) return { 'zh-CN': subject.label, en: subject.label };
  return ACCOUNT_DATE_KIND_LABELS[subject.source as Exclude<KeyDateSource, 'birthday'>];
}

/** A key date's action on the day of a run, before the schedule's wording is added. */
export interface KeyDateDue {
  status: 'overdue' | 'due' | 'upcoming';
  dueFromDay: number;
  dueDay: number;
  /** The action's label: the rule's label and what it is about. */
  label: LocalisedText;
  /** The head of the explanation. */
  head: LocalisedText;
  keyDate: KeyDateOccurrence;
}

/**
 * One subject of a key-date rule on the day of a run: the occurrence open now
 * (due, or overdue until `lapseDays` after its grace) unless a satisfying
 * interaction from the start of its window settled it; else the next one
 * once it is within the horizon; else nothing.
 *
 * @param lastDay - the last satisfying interaction's day up to today (for a birthday, one naming the contact).
 * @param by - who the rule asks for, in words ("by specialist or above").
 */
export function scheduleKeyDate(
  rule: KeyDateRule,
  subject: KeyDateSubject,
  context: { todayDay: number; todayYear: number; leadDays: number; horizonDays: number },
  lastDay: number | undefined,
  by: LocalisedText,
): KeyDateDue | undefined {
  let current: Occurrence | undefined;
  let next: Occurrence | undefined;
  for (const occurrence of occurrences(subject, context.todayYear)) {
    if (occurrence.day - context.leadDays <= context.todayDay) current = occurrence;
    else if (next === undefined) next = occurrence;
  }
  const build = (occurrence: Occurrence, status: KeyDateDue['status']): KeyDateDue => {
    const name = subjectName(subject);
    const years =
      occurrence.years === undefined
        ? { 'zh-CN': '', en: '' }
        : { 'zh-CN': `${occurrence.years} 周年，`, en: `${occurrence.years} years, ` };
    const leap =
      subject.date.endsWith('02-29') && occurrence.date.endsWith('02-28')
        ? {
            'zh-CN': '，2 月 29 日在平年按 2 月 28 日',
            en: '; 29 February falls on 28 February in non-leap years',
          }
        : { 'zh-CN': '', en: '' };
    return {
      status,
      dueFromDay: occurrence.day - context.leadDays,
      dueDay: occurrence.day + rule.graceDays,
      label: {
        'zh-CN': `${rule.label['zh-CN']}：${name['zh-CN']}`,
        en: `${rule.label.en}: ${name.en}`,
      },
      head: {
        'zh-CN': `${rule.label['zh-CN']}：${name['zh-CN']}（${years['zh-CN']}${occurrence.date}${leap['zh-CN']}），${by['zh-CN']}联系`,
        en: `${rule.label.en}: ${name.en} (${years.en}${occurrence.date}${leap.en}), ${by.en}`,
      },
      keyDate: {
        source: subject.source,
        date: occurrence.date,
        ...(subject.label === undefined ? {} : { label: subject.label }),
        ...(subject.contact === undefined
          ? {}
          : { contactId: subject.contact.id, contactName: subject.contact.name }),
        ...(occurrence.years === undefined ? {} : { years: occurrence.years }),
      },
    };
  };
  if (current !== undefined) {
    const dueFromDay = current.day - context.leadDays;
    const dueDay = current.day + rule.graceDays;
    const settled = lastDay !== undefined && lastDay >= dueFromDay;
    const lapsed = context.todayDay - dueDay > rule.lapseDays;
    if (!settled && !lapsed) return build(current, context.todayDay > dueDay ? 'overdue' : 'due');
  }
  if (next === undefined) return undefined;
  if (next.day - context.leadDays - context.todayDay > context.horizonDays) return undefined;
  return build(next, 'upcoming');
}
