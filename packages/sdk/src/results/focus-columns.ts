/**
 * How the SQL store keeps a portfolio analysis's account lists (gained,
 * lost, fluctuating, the top tier): each part as one JSON text of columns,
 * not an array of objects. An object per account repeats every key and its
 * tier's label, and its share and change are functions of figures stored
 * beside them; at 100,000 accounts the lists were ~20 MB of JSONB that
 * every monthly report read back. As columns, with the derivable figures
 * left out, they are ~4× smaller and are read as text, not converted from
 * JSONB.
 *
 * @module
 */
import type { LocalisedText } from '../errors/kam-error.js';
import type { FocusAccount } from '../reports/data/portfolio-analysis.js';
import { change, ratio } from '../reports/data/source.js';

/**
 * A list part as columns. `share` and `change` are kept only when some
 * account's differs from what its figures give; `explanation` and `loss`
 * only when some account has one, `0` marking an account without the key.
 */
export interface FocusColumns {
  accountId: string[];
  name: string[];
  tier: (string | null)[];
  /** The distinct tier labels of the part; `label` indexes them. */
  labels: LocalisedText[];
  label: number[];
  revenueFen: number[];
  previousFen: number[];
  share?: number[];
  change?: (number | null)[];
  explanation?: (FocusAccount['explanation'] | 0)[];
  loss?: (FocusAccount['loss'] | 0)[];
}

/**
 * A list part as columns: what the store writes as the part's JSON text.
 * `monthFen` is the analysis's month revenue, each account's share of which
 * is its `share`.
 */
export function toFocusColumns(accounts: readonly FocusAccount[], monthFen: number): FocusColumns {
  const labelKeys = new Map<string, number>();
  const columns: FocusColumns = {
    accountId: [],
    name: [],
    tier: [],
    labels: [],
    label: [],
    revenueFen: [],
    previousFen: [],
  };
  let sharesDerived = true;
  let changesDerived = true;
  for (const account of accounts) {
    columns.accountId.push(account.accountId);
    columns.name.push(account.name);
    columns.tier.push(account.tier);
    const key = JSON.stringify(account.tierLabel);
    let label = labelKeys.get(key);
    if (label === undefined) {
      label = columns.labels.length;
      labelKeys.set(key, label);
      columns.labels.push(account.tierLabel);
    }
    columns.label.push(label);
    columns.revenueFen.push(account.revenueFen);
    columns.previousFen.push(account.previousFen);
    sharesDerived &&= keptByJson(account.share) && account.share === ratio(account.revenueFen, monthFen);
    changesDerived &&=
      (account.change === null || keptByJson(account.change)) &&
      account.change === change(account.revenueFen, account.previousFen);
  }
  if (!sharesDerived) columns.share = accounts.map((account) => account.share);
  if (!changesDerived) columns.change = accounts.map((account) => account.change);
  if (accounts.some((account) => account.explanation !== undefined))
    columns.explanation = accounts.map(
      (account) => account.explanation ?? (account.explanation === null ? null : 0),
    );
  if (accounts.some((account) => account.loss !== undefined))
    columns.loss = accounts.map((account) => account.loss ?? 0);
  return columns;
}

/**
 * Whether JSON gives the number back as it is: NaN and ±Infinity come back
 * as `null` and -0 as 0, so where the figures give one of those the stored
 * column keeps what storing the object kept.
 */
function keptByJson(value: number): boolean {
  return Number.isFinite(value) && !Object.is(value, -0);
}

/**
 * The accounts of a part stored by {@link toFocusColumns}, appended to
 * `into` in order: equal to those stored as JSON gives them back.
 */
export function appendFocusAccounts(into: FocusAccount[], columns: FocusColumns, monthFen: number): void {
  for (let index = 0; index < columns.accountId.length; index++) {
    const revenueFen = columns.revenueFen[index]!;
    const previousFen = columns.previousFen[index]!;
    const account: FocusAccount = {
      accountId: columns.accountId[index]!,
      name: columns.name[index]!,
      tier: columns.tier[index]!,
      tierLabel: columns.labels[columns.label[index]!]!,
      revenueFen,
      previousFen,
      share: columns.share ? columns.share[index]! : ratio(revenueFen, monthFen),
      change: columns.change ? columns.change[index]! : change(revenueFen, previousFen),
    };
    const explanation = columns.explanation?.[index];
    if (explanation !== undefined && explanation !== 0) account.explanation = explanation;
    const loss = columns.loss?.[index];
    if (loss !== undefined && loss !== 0) account.loss = loss;
    into.push(account);
  }
}
