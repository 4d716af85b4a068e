import { describe, expect, it } from 'vitest';
import { USERS } from '../access/__fixtures__/portfolio.js';
import type { Complaint } from '../domain/complaint.js';
import { isKamError } from '../errors/kam-error.js';
import { commandHarness } from './__fixtures__/command-harness.js';
import { registerComplaintsCommand } from './complaint-commands.js';

async function setup() {
  let first: Complaint | undefined;
  const { store, command } = await commandHarness([registerComplaintsCommand], {
    policies: { complaints: 'power' },
    // The fixture's complaints (Q-<account>) were received on AT; give one a type.
    prepare: async (store) => {
      [first] = await store.listComplaints({ accountIds: ['A-own'] });
      await store.putComplaint({ ...first!, type: 'supply-dispute' }, { actor: 'system' });
    },
  });
  const run = (...args: string[]) => command('complaints', ...args);
  return { store, run, first: first! };
}

describe('kamkit complaints', () => {
  it('lists the complaints the user may read on their clock, with counts by type, and records an instruction', async () => {
    const { store, run, first } = await setup();
    const listed = JSON.parse(await run('--date', '2027-01-01', '--as', USERS.am.id, '--json'));
    const visible = (await store.listComplaints()).filter((row) => row.accountId === 'A-own');
    expect(listed.complaints.map((clock: { complaint: { id: string } }) => clock.complaint.id)).toContain(
      first.id,
    );
    expect(
      listed.complaints.some(
        (clock: { complaint: { accountId: string } }) => clock.complaint.accountId === 'A-west',
      ),
    ).toBe(false);
    const own = listed.complaints.find(
      (clock: { complaint: { id: string } }) => clock.complaint.id === first.id,
    );
    expect(own).toMatchObject({ timing: 'overdue', type: { id: 'supply-dispute' } });
    expect(own.escalation.at(-1)).toMatchObject({
      to: { en: 'electricity regulator' },
      reached: true,
      recorded: false,
    });
    expect(listed.counts[0]).toMatchObject({ type: 'supply-dispute' });
    expect(visible.length).toBeGreaterThan(0);

    const text = await run('--date', '2027-01-01', '--as', USERS.am.id);
    expect(text).toContain('overdue');
    expect(text).toContain('escalate to electricity regulator');

    await run('log', first.id, '--kind', 'instruction', '--text', '三日内上门核查', '--as', USERS.dh.id);
    await run(
      'log',
      first.id,
      '--kind',
      'escalation',
      '--text',
      '提请监管',
      '--to',
      '电力监管部门',
      '--as',
      USERS.dh.id,
    );
    const [saved] = await store.listComplaints({ accountIds: ['A-own'] });
    expect(saved!.log!.map((entry) => [entry.kind, entry.actor, entry.text])).toEqual([
      ['instruction', USERS.dh.id, '三日内上门核查'],
      ['escalation', USERS.dh.id, '提请监管'],
    ]);
    const audit = await store.listAudit({
      entity: 'complaint',
      entityId: first.id,
      action: 'complaint.update',
    });
    // The setup's own edit (system), then the two entries, each audited as the acting user.
    expect(audit.map((entry) => entry.actor)).toEqual(['system', USERS.dh.id, USERS.dh.id]);
    const after = JSON.parse(await run('--date', '2027-01-01', '--as', USERS.am.id, '--json'));
    const escalated = after.complaints.find(
      (clock: { complaint: { id: string } }) => clock.complaint.id === first.id,
    );
    expect(escalated.escalation.at(-1).recorded).toBe(true);
  });

  it('a complaint on an account the user may not read is reported as missing', async () => {
    const { run } = await setup();
    try {
      await run('log', 'Q-A-west', '--text', '核查', '--as', USERS.am.id);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(isKamError(error) && error.code).toBe('NOT_FOUND');
      expect(isKamError(error) && error.messageIn('en')).toBe('No complaint found: Q-A-west');
    }
  });
});
