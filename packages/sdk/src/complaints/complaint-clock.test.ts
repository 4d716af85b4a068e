import { describe, expect, it } from 'vitest';
import type { Complaint } from '../domain/complaint.js';
import { ComplaintSchema } from '../domain/complaint.js';
import { createMemoryStore } from '../store/memory-store.js';
import { complaintClocks, complaintCounts, overdueComplaintAlerts } from './complaint-clock.js';
import { loadComplaintPolicy, loadComplaintPreset } from './complaint-policy.js';

const power = loadComplaintPreset('power');
// Received 2 November 2026 at 10:00 in Shanghai.
const base = {
  accountId: 'acc-1',
  channel: 'phone' as const,
  summary: '计量纠纷',
  receivedAt: '2026-11-02T02:00:00Z',
};

describe('complaintClocks (power: a supply dispute is answered within 5 days, else it goes to the regulator)', () => {
  const complaints: Complaint[] = [
    {
      ...base,
      id: 'on-time',
      type: 'supply-dispute',
      resolvedAt: '2026-11-06T02:00:00Z',
      assignedTo: 'u-1',
      assignedAt: '2026-11-02T03:00:00Z',
      causeAnalysis: '表计故障',
      measures: '换表',
      analysedAt: '2026-11-05T02:00:00Z',
    },
    {
      ...base,
      id: 'overdue',
      type: 'supply-dispute',
      log: [
        { at: '2026-11-03T02:00:00Z', actor: 'u-head', kind: 'instruction', text: '三日内上门核查' },
        {
          at: '2026-11-05T02:00:00Z',
          actor: 'u-1',
          kind: 'escalation',
          text: '客户不接受',
          to: '营销部负责人',
        },
      ],
    },
    { ...base, id: 'untyped' },
  ];

  it('dates the deadline from the type, and tells on-time, open and overdue apart', () => {
    const clocks = complaintClocks({ complaints, policy: power, today: '2026-11-09' });
    const byId = Object.fromEntries(clocks.map((clock) => [clock.complaint.id, clock]));
    expect(byId['on-time']).toMatchObject({
      deadline: '2026-11-07',
      answeredOn: '2026-11-06',
      timing: 'on-time',
      daysLate: 0,
    });
    expect(byId.overdue).toMatchObject({ deadline: '2026-11-07', timing: 'overdue', daysLate: 2 });
    // Untyped complaints take the first type.
    expect(byId.untyped!.type.id).toBe('supply-dispute');
    expect(
      byId.overdue!.escalation.map((step) => [step.to['zh-CN'], step.dueOn, step.reached, step.recorded]),
    ).toEqual([
      ['营销部负责人', '2026-11-04', true, true],
      ['电力监管部门', '2026-11-07', true, false],
    ]);
    // The manager's instruction stays on the record, in order.
    expect(byId.overdue!.complaint.log![0]).toMatchObject({ kind: 'instruction', text: '三日内上门核查' });
    expect(complaintClocks({ complaints, policy: power, today: '2026-11-07' })[1]!.timing).toBe('open');
  });

  it('counts by type and lateness, and raises an alert per overdue complaint naming the step reached', () => {
    const clocks = complaintClocks({ complaints, policy: power, today: '2026-11-09' });
    expect(complaintCounts(clocks, power)[0]).toMatchObject({
      type: 'supply-dispute',
      received: 3,
      onTime: 1,
      overdue: 2,
      late: 0,
      open: 0,
    });
    expect(complaintCounts(clocks, power, { from: '2026-12-01' })[0]!.received).toBe(0);
    const alerts = overdueComplaintAlerts(clocks, '2026-11-09T00:00:00Z');
    expect(alerts.map((alert) => alert.id)).toEqual([
      'complaint-overdue|acc-1|overdue',
      'complaint-overdue|acc-1|untyped',
    ]);
    expect(alerts[0]).toMatchObject({ severity: 'critical', period: '2026-11-07' });
    expect(alerts[0]!.message!['zh-CN']).toBe(
      '投诉 overdue（用电纠纷）应于 2026-11-07 前答复，已逾期 2 天，应升级至电力监管部门',
    );
  });

  it('keeps type and log through the store', async () => {
    const store = createMemoryStore();
    await store.putComplaint(complaints[1]!, { actor: 'u-1' });
    expect((await store.listComplaints())[0]).toEqual(ComplaintSchema.parse(complaints[1]));
  });
});

describe('loadComplaintPolicy', () => {
  it('names the bad field: a chain step before the previous one, an unknown default type', () => {
    expect(() =>
      loadComplaintPolicy({
        id: 'x',
        name: { 'zh-CN': '投诉', en: 'complaints' },
        defaultType: 'nope',
        types: [
          {
            id: 'a',
            label: { 'zh-CN': '甲', en: 'a' },
            answerWithinDays: 5,
            escalation: [
              { afterDays: 3, to: { 'zh-CN': '经理', en: 'manager' } },
              { afterDays: 2, to: { 'zh-CN': '监管', en: 'regulator' } },
            ],
          },
        ],
      }),
    ).toThrow(/types\[0\]\.escalation\[1\]\.afterDays[\s\S]*defaultType/);
  });
});
