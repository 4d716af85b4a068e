import { describe, expect, it } from 'vitest';
import { USERS } from '../access/__fixtures__/portfolio.js';
import { isKamError } from '../errors/kam-error.js';
import { commandHarness } from './__fixtures__/command-harness.js';
import { registerClaimsCommand } from './claim-commands.js';
import { registerDueCommand } from './portfolio-commands.js';

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isKamError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('kamkit claims', () => {
  it('west files, east’s admin contests, HQ moves the account; each step on the due list of who must act', async () => {
    const { store, command } = await commandHarness([registerClaimsCommand, registerDueCommand], {
      locale: 'zh-CN',
    });
    const claims = (...args: string[]) => command('claims', ...args);
    const dueOf = async (owner: string) => {
      const printed = JSON.parse(
        await command('due', '--date', '2026-11-05', '--owner', owner, '--json'),
      ) as {
        agendas: { due: { kind: string; claimId?: string; label: string }[] }[];
      };
      return printed.agendas.flatMap((agenda) => agenda.due.filter((item) => item.kind === 'claim'));
    };

    expect(
      await claims(
        'file',
        '--account',
        'A-own',
        '--reason',
        '合作协议由西区签订',
        '--contract',
        'K-9',
        '--id',
        'CL-1',
        '--as',
        USERS.dhw.id,
      ),
    ).toBe('CL-1 · [待答复] · 客户 A-own：west 主张归属（现属 east）—合作协议由西区签订，合同 K-9\n');
    expect(await dueOf(USERS.da.id)).toMatchObject([
      { claimId: 'CL-1', label: '答复归属申请 CL-1（west 申请客户 A-own）' },
    ]);
    // Another unit's account manager sees no claim at all.
    expect(await claims('list', '--as', USERS.am.id)).toBe('归属申请（共 0 件）\n');

    await claims('contest', 'CL-1', '--note', '业务实际发生在东区', '--as', USERS.da.id);
    expect(await dueOf(USERS.da.id)).toEqual([]);
    expect(await dueOf(USERS.gm.id)).toMatchObject([
      { claimId: 'CL-1', label: '裁决归属争议 CL-1（west 与 east，客户 A-own）' },
    ]);
    expect(
      await claims('decide', 'CL-1', '--move', '--note', '以签约机构所在地为准', '--as', USERS.gm.id),
    ).toBe(
      'CL-1 · [上级裁决划转] · 客户 A-own：west 主张归属（现属 east）—合作协议由西区签订，合同 K-9；u-gm：以签约机构所在地为准\n',
    );
    expect((await store.getAccount('A-own'))?.division).toBe('west');
    expect(await dueOf(USERS.gm.id)).toEqual([]);
    const listed = await claims('list', '--status', 'awarded', '--as', USERS.dhw.id);
    expect(listed).toContain('CL-1 · [上级裁决划转]');
  });

  it('names the bad option in the user’s language and changes nothing', async () => {
    const { store, command } = await commandHarness([registerClaimsCommand], { locale: 'zh-CN' });
    const noReason = await refusal(command('claims', 'file', '--account', 'A-own', '--as', USERS.dhw.id));
    expect([noReason.path, noReason.messageIn('zh-CN')]).toEqual(['--reason', '缺少 --reason']);
    const badStatus = await refusal(command('claims', 'list', '--status', 'done', '--as', USERS.dhw.id));
    expect(badStatus.messageIn('zh-CN')).toBe(
      '--status 应为 open、contested、accepted、awarded、dismissed 之一，收到“done”',
    );
    await command(
      'claims',
      'file',
      '--account',
      'A-own',
      '--reason',
      '协议',
      '--id',
      'CL-1',
      '--as',
      USERS.dhw.id,
    );
    const both = await refusal(
      command('claims', 'decide', 'CL-1', '--move', '--keep', '--note', '两者', '--as', USERS.gm.id),
    );
    expect(both.path).toBe('--move');
    // A foreign claim id reads like a missing one.
    const hidden = await refusal(command('claims', 'accept', 'CL-1', '--note', '同意', '--as', USERS.amw.id));
    expect(hidden.messageIn('zh-CN')).toBe('未找到归属申请：CL-1');
    expect((await store.listClaims()).map((claim) => claim.status)).toEqual(['open']);
    expect((await store.getAccount('A-own'))?.division).toBe('east');
  });
});
