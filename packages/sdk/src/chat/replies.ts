/**
 * Replies of the conversation engine: plain data, one discriminated union.
 * Every text is given in both locales ({@link LocalisedText}); `locale` says
 * which one the user reads. Bots only render these (Block Kit, modals, text).
 *
 * @module
 */
import type { Locale, LocalisedText } from '../errors/kam-error.js';
import type { AccountCard } from '../reports/data/account-card.js';
import type { AccountReport } from '../reports/data/account-report.js';
import type { PortfolioAnalysis } from '../reports/data/portfolio-analysis.js';
import type { StatusCardView } from './status-card.js';

/** One entry of a `list` {@link Reply}. */
export interface ListEntry {
  label: LocalisedText;
  detail?: LocalisedText;
  /** The account it concerns, for buttons and links. */
  accountId?: string;
}

/** One numbered option of a `question` {@link Reply}; the user answers with its number. */
export interface QuestionOption {
  number: number;
  label: LocalisedText;
}

/** How soon a due action is needed: past its date, by the end of this week, or later. */
export type DueUrgency = 'overdue' | 'week' | 'later';

/** One account's lines in a {@link DueGroup}: one line per action, same-kind actions counted together. */
export interface DueAccountLines {
  /** `null` for the owner's own duties (weekly plans). */
  accountId: string | null;
  /** The account's short name, or "own duties". */
  name: LocalisedText;
  lines: LocalisedText[];
}

/** The due actions of one urgency, account by account. */
export interface DueGroup {
  urgency: DueUrgency;
  title: LocalisedText;
  accounts: DueAccountLines[];
}

/** A scale step with its label, for rating items. */
export interface ScaleStep {
  value: number;
  label: LocalisedText | null;
}

/** One item of a 360° review as shown to the rater. */
export interface ReviewItemView {
  itemId: string;
  /** 1-based position in the model. */
  number: number;
  dimension: LocalisedText;
  text: LocalisedText;
  high: LocalisedText | null;
  low: LocalisedText | null;
  answer: number | null;
}

/** A reply: data, never markup. */
export type Reply = { locale: Locale } & (
  | { kind: 'text'; text: LocalisedText }
  | {
      kind: 'error';
      code: string;
      message: LocalisedText;
      /** Every field at fault (e.g. `answers.lead-1`) and what was expected there, for validation errors. */
      issues?: { path: string; expected: LocalisedText }[];
    }
  | { kind: 'account-card'; card: StatusCardView }
  | {
      /** The rule trace of an account's tier and score (`分级` / `为什么`). */
      kind: 'tier';
      accountId: string;
      name: string;
      asOf: string;
      tier: AccountCard['tier'];
      score: AccountCard['score'];
      /** The profile against the configured checklist (`客户档案 5/7 项，缺：…`); absent without one. */
      profile?: LocalisedText;
    }
  | { kind: 'account-report'; report: AccountReport }
  | { kind: 'portfolio-report'; analysis: PortfolioAnalysis }
  | { kind: 'list'; title: LocalisedText; entries: ListEntry[]; more: number; empty: LocalisedText }
  | {
      /** The due list: one page of it, grouped by urgency then account. */
      kind: 'due-list';
      title: LocalisedText;
      /** Totals per urgency over the whole list (`逾期 3 项 · 本周 5 项`). */
      summary: LocalisedText;
      groups: DueGroup[];
      /** Lines after this page; `更多` / `more` shows them. */
      more: number;
      empty: LocalisedText;
    }
  | { kind: 'question'; prompt: LocalisedText; options: QuestionOption[]; more: number }
  | { kind: 'confirmation'; prompt: LocalisedText; confirm: LocalisedText; cancel: LocalisedText }
  | {
      kind: 'review-item';
      nominationId: string;
      subject: string;
      total: number;
      answered: number;
      scale: ScaleStep[];
      item: ReviewItemView;
      /** Re-asked after an invalid answer: what was wrong. */
      problem: LocalisedText | null;
    }
  | {
      kind: 'review-form';
      nominationId: string;
      subject: string;
      scale: ScaleStep[];
      items: ReviewItemView[];
    }
);

/** The kind of a {@link Reply}. */
export type ReplyKind = Reply['kind'];

/** The same text in both locales, or a zh-CN / en pair. */
export function localised(zh: string, en: string = zh): LocalisedText {
  return { 'zh-CN': zh, en };
}
