import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALERT_STATUSES, type AlertStatus, type StoredAlert } from '../store/port.js';
import { type AlertTarget, alertChangesFor } from './alert-changes.js';
import { DEFAULT_ALERT_CAUSES } from './alert-policy.js';
import { applyAlertChange } from './alert-work.js';

const CAUSES = DEFAULT_ALERT_CAUSES;
const rank = (status: AlertStatus) => ALERT_STATUSES.indexOf(status);

const stored = (fields: Partial<StoredAlert>): StoredAlert => ({
  id: 'fluctuation|A1|2026-10',
  accountId: 'A1',
  kind: 'fluctuation',
  period: '2026-10',
  status: 'open',
  figures: {},
  createdAt: '2026-11-02T00:00:00Z',
  assignee: null,
  cause: null,
  note: null,
  ...fields,
});

const causeId = fc.constantFrom(...CAUSES.map((cause) => cause.id));
/** A cause as a spreadsheet may name it: id, English label in any case, or Chinese label. */
const causeText = fc.constantFrom(
  ...CAUSES.flatMap((cause) => [cause.id, cause.label.en.toUpperCase(), cause.label['zh-CN']]),
);
const openAlert = fc
  .record({
    status: fc.constantFrom<AlertStatus>('open', 'acknowledged', 'explained'),
    assignee: fc.option(fc.constantFrom('u-1', 'u-2')),
    cause: fc.option(causeId),
    note: fc.option(fc.constantFrom('已约面谈', 'waiting for the branch')),
  })
  // A stored explained alert has its cause.
  .map((fields) =>
    stored(fields.status === 'explained' ? { ...fields, cause: fields.cause ?? 'price' } : fields),
  );
const target = fc.record(
  {
    status: fc.constantFrom(...ALERT_STATUSES),
    assignee: fc.constantFrom('u-1', 'u-2', 'u-3'),
    cause: causeText,
    note: fc.constantFrom('已约面谈', ' 竞争对手降价 ', 'firm wound up'),
  },
  { requiredKeys: [] },
);

function idOf(text: string): string {
  return CAUSES.find((cause) =>
    [cause.id, cause.label.en.toUpperCase(), cause.label['zh-CN']].includes(text),
  )!.id;
}

function apply(before: StoredAlert, wanted: AlertTarget): StoredAlert | undefined {
  const result = alertChangesFor(before, wanted, CAUSES);
  if (!result.ok) return undefined;
  return result.changes.reduce(
    (alert, change) =>
      applyAlertChange(alert, change, { causes: CAUSES, actor: 'u-1', at: '2026-11-20T00:00:00Z' }),
    before,
  );
}

describe('alertChangesFor', () => {
  it('reaches every reachable target, never moves an alert back, and asks nothing more of the alert it reached', () => {
    fc.assert(
      fc.property(openAlert, target, (before, wanted) => {
        const after = apply(before, wanted);
        const cause = wanted.cause === undefined ? before.cause : idOf(wanted.cause);
        if (after === undefined) {
          // Only an explanation without any cause is out of reach.
          expect(wanted.status).toBe('explained');
          expect(cause).toBeNull();
          return;
        }
        expect(after.assignee).toBe(wanted.assignee ?? before.assignee);
        expect(after.note).toBe(wanted.note?.trim() ?? before.note);
        expect(after.cause).toBe(cause);
        // The later of the stored and the asked status; a new cause explains an open or acknowledged alert.
        const reached = Math.max(rank(before.status), rank(wanted.status ?? 'open'));
        expect(rank(after.status)).toBe(
          cause !== before.cause && reached < rank('explained') ? rank('explained') : reached,
        );
        // Importing the same row again changes nothing.
        expect(alertChangesFor(after, wanted, CAUSES)).toEqual({ ok: true, changes: [] });
      }),
    );
  });

  it('changes nothing on a closed alert, and names the first field that would differ', () => {
    const closed = stored({ status: 'closed', cause: 'price', note: '已处理' });
    expect(alertChangesFor(closed, { status: 'closed', cause: '报价', note: '已处理' }, CAUSES)).toEqual({
      ok: true,
      changes: [],
    });
    expect(alertChangesFor(closed, { cause: 'staff' }, CAUSES)).toMatchObject({ ok: false, field: 'cause' });
    expect(alertChangesFor(closed, { note: '重新打开' }, CAUSES)).toMatchObject({ ok: false, field: 'note' });
    // An export taken before it was closed reads as no change.
    expect(alertChangesFor(closed, { status: 'open' }, CAUSES)).toEqual({ ok: true, changes: [] });
  });

  it('reads back a stored cause the policy no longer lists as no change', () => {
    expect(
      alertChangesFor(stored({ status: 'explained', cause: 'weather' }), { cause: 'weather' }, CAUSES),
    ).toEqual({
      ok: true,
      changes: [],
    });
  });

  it('refuses a cause the policy does not list, naming its causes in both languages', () => {
    const result = alertChangesFor(stored({}), { cause: '天气' }, CAUSES.slice(0, 2));
    expect(result).toEqual({
      ok: false,
      field: 'cause',
      expected: {
        'zh-CN': '预警策略的原因之一：员工、报价',
        en: "one of the alert policy's causes: staff (staff), price (price)",
      },
    });
  });

  it('carries a note on the last change, or as a change of its own', () => {
    expect(alertChangesFor(stored({}), { cause: 'price', note: '降价' }, CAUSES)).toEqual({
      ok: true,
      changes: [{ action: 'explain', cause: 'price', note: '降价' }],
    });
    expect(
      alertChangesFor(stored({ status: 'acknowledged' }), { status: 'acknowledged', note: '降价' }, CAUSES),
    ).toEqual({
      ok: true,
      changes: [{ action: 'note', note: '降价' }],
    });
  });
});
