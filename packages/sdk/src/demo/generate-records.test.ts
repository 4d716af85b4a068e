import { describe, expect, it } from 'vitest';
import { dueAgendas } from '../cadence/due-items.js';
import { complaintClocks } from '../complaints/complaint-clock.js';
import { loadComplaintPreset } from '../complaints/complaint-policy.js';
import { ContractSchema, contractState } from '../contracts/contract.js';
import { ComplaintSchema } from '../domain/complaint.js';
import { UnitPlanSchema } from '../unit-plans/unit-plan.js';
import { generatePortfolio } from './generate-portfolio.js';

describe('the demo’s contracts, complaints and unit narrative', () => {
  const portfolio = generatePortfolio({ asOf: '2026-10' });
  const today = '2026-10-31';

  it('is deterministic', () => {
    const again = generatePortfolio({ asOf: '2026-10' });
    expect(again.contracts).toEqual(portfolio.contracts);
    expect(again.complaints).toEqual(portfolio.complaints);
    expect(again.unitPlans).toEqual(portfolio.unitPlans);
  });

  it('gives every account with a signed agreement a valid contract, national and regional, a few up for renewal', () => {
    const { contracts, accounts } = portfolio;
    const agreed = accounts
      .filter((account) => account.flags.includes('agreement'))
      .map((account) => account.id);
    expect(contracts.map((contract) => contract.accountId).sort()).toEqual([...agreed].sort());
    for (const contract of contracts) expect(() => ContractSchema.parse(contract)).not.toThrow();
    expect(new Set(contracts.map((contract) => contract.scope))).toEqual(new Set(['national', 'regional']));
    const standings = contracts.map((contract) => contractState(contract, today).standing);
    expect(standings.filter((standing) => standing === 'expiring').length).toBeGreaterThanOrEqual(3);
    expect(standings.filter((standing) => standing === 'expired')).toHaveLength(1);
    expect(standings.filter((standing) => standing === 'active').length).toBeGreaterThan(
      contracts.length / 2,
    );
  });

  it('has complaints of several types: answered, open, overdue, one escalated with an instruction', () => {
    const { complaints } = portfolio;
    for (const complaint of complaints) expect(() => ComplaintSchema.parse(complaint)).not.toThrow();
    const clocks = complaintClocks({ complaints, policy: loadComplaintPreset('standard'), today });
    expect(new Set(clocks.map((clock) => clock.type.id))).toEqual(new Set(['service', 'product', 'billing']));
    expect(clocks.map((clock) => clock.timing).sort()).toEqual(
      ['late', 'on-time', 'on-time', 'open', 'open', 'overdue', 'overdue'].sort(),
    );
    const escalated = complaints.find((complaint) =>
      complaint.log?.some((entry) => entry.kind === 'instruction'),
    );
    expect(escalated?.log?.map((entry) => entry.kind)).toEqual(['escalation', 'instruction']);
  });

  it('puts renewals and overdue complaints on the owners’ due lists, and one unit’s narrative is written', () => {
    const agendas = dueAgendas({
      agendas: [],
      accounts: portfolio.accounts,
      contracts: portfolio.contracts,
      complaints: portfolio.complaints,
      today: '2026-11-05',
    });
    const items = agendas.flatMap((agenda) => [...agenda.overdue, ...agenda.due]);
    expect(items.some((item) => item.source === 'contract' && item.status === 'due')).toBe(true);
    expect(items.some((item) => item.source === 'contract' && item.status === 'overdue')).toBe(true);
    expect(
      items.filter((item) => item.source === 'complaint' && item.status === 'overdue').length,
    ).toBeGreaterThan(1);
    expect(portfolio.unitPlans).toHaveLength(1);
    expect(UnitPlanSchema.parse(portfolio.unitPlans[0])).toMatchObject({
      period: '2026-10',
      division: '华东事业部',
    });
  });
});
