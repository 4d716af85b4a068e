import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USERS } from '../access/__fixtures__/portfolio.js';
import { commandHarness } from './__fixtures__/command-harness.js';
import { registerSurveysCommand } from './survey-commands.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'kamkit-surveys-cli-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function setup(locale: 'en' | 'zh-CN' = 'en') {
  const { store, command } = await commandHarness([registerSurveysCommand], { locale });
  const run = (...args: string[]) => command('surveys', ...args);
  return { store, run };
}

describe('kamkit surveys', () => {
  it('records responses inline and from a file, lists them and computes the index, audited as the user', async () => {
    const { store, run } = await setup();
    const first = JSON.parse(
      await run(
        'record',
        '--account',
        'A-own',
        '--answer',
        'overall=5',
        '--answer',
        'service=4',
        '--at',
        '2026-10-10T02:00:00Z',
        '--id',
        'S-1',
        '--as',
        USERS.am.id,
        '--json',
      ),
    );
    expect(first).toMatchObject({
      id: 'S-1',
      channel: 'cli',
      recordedBy: USERS.am.id,
      answers: { overall: 5, service: 4 },
    });
    // (2·100 + 75) / 3 = 91.666…
    expect(first.score).toBeCloseTo(91.667, 3);
    const file = join(folder, 'answers.yaml');
    await writeFile(file, 'overall: 3\nservice: 3\nresponse: 3\n');
    await run(
      'record',
      '--account',
      'A-own',
      '--file',
      file,
      '--at',
      '2026-10-20T02:00:00Z',
      '--id',
      'S-2',
      '--as',
      USERS.am.id,
    );
    const list = await run('list', '--as', USERS.am.id);
    expect(list).toContain('Survey responses (2 in all)');
    expect(list).toContain('S-2 · A-own · 2026-10-20 · CLI · overall=3 service=3 response=3 · score 50.0');
    const index = await run('index', '--date', '2026-11-30', '--as', USERS.am.id);
    // (91.666… + 50) / 2 = 70.833… → 70.8
    expect(index).toContain('A-own 东方航空集团: satisfaction 70.8 (2 responses) · latest 2026-10-20');
    expect(index).toContain('Portfolio: satisfaction 70.8 (2 responses) · 1 accounts');
    expect(index).toContain('east: satisfaction 70.8');
    const json = JSON.parse(await run('index', '--date', '2026-11-30', '--as', USERS.am.id, '--json'));
    expect(json.accounts[0]).toMatchObject({
      accountId: 'A-own',
      display: '70.8',
      responses: 2,
      responseIds: ['S-2', 'S-1'],
    });
    const audit = await store.listAudit({ entity: 'survey-response' });
    expect(audit.map((entry) => [entry.action, entry.actor, entry.reason])).toEqual([
      ['survey-response.create', USERS.am.id, 'survey.record'],
      ['survey-response.create', USERS.am.id, 'survey.record'],
    ]);
  });

  it('speaks Chinese when the locale is zh-CN', async () => {
    const { run } = await setup('zh-CN');
    await run(
      'record',
      '--account',
      'A-own',
      '--answer',
      'overall=4',
      '--at',
      '2026-10-10T02:00:00Z',
      '--as',
      USERS.am.id,
    );
    expect(await run('index', '--date', '2026-11-30', '--as', USERS.am.id)).toContain(
      '满意度 75.0（1 份问卷）',
    );
  });

  it("another division's account reads like a missing one; bad answers name the option or question", async () => {
    const { store, run } = await setup();
    const foreign = await run(
      'record',
      '--account',
      'A-west',
      '--answer',
      'overall=5',
      '--as',
      USERS.am.id,
    ).catch((e) => e);
    const missing = await run(
      'record',
      '--account',
      'A-none',
      '--answer',
      'overall=5',
      '--as',
      USERS.am.id,
    ).catch((e) => e);
    expect(foreign).toMatchObject({ code: 'NOT_FOUND' });
    expect(foreign.message.replace('A-west', 'X')).toBe(missing.message.replace('A-none', 'X'));
    await run('record', '--account', 'A-west', '--answer', 'overall=5', '--as', USERS.amw.id);
    expect(JSON.parse(await run('list', '--as', USERS.am.id, '--json')).responses).toEqual([]);
    await expect(
      run('record', '--account', 'A-own', '--answer', 'overall=9', '--as', USERS.am.id),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      path: 'answers.overall',
    });
    await expect(
      run('record', '--account', 'A-own', '--answer', 'overall:5', '--as', USERS.am.id),
    ).rejects.toMatchObject({
      path: '--answer',
    });
    await expect(run('record', '--account', 'A-own', '--as', USERS.am.id)).rejects.toMatchObject({
      path: '--answer',
    });
    await expect(
      run(
        'record',
        '--account',
        'A-own',
        '--answer',
        'overall=5',
        '--contact',
        'nobody',
        '--as',
        USERS.am.id,
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', path: '--contact' });
    await expect(
      run('record', '--account', 'A-own', '--answer', 'overall=5', '--channel', 'fax', '--as', USERS.am.id),
    ).rejects.toMatchObject({ path: '--channel' });
    // Nothing half-written: only the west manager's response is stored.
    expect((await store.listSurveyResponses()).map((row) => row.accountId)).toEqual(['A-west']);
  });

  it('records and scores by the configured surveys, the first the default; --survey-file adds one', async () => {
    const team = {
      id: 'nps',
      name: { 'zh-CN': '推荐意愿', en: 'Recommendation' },
      questions: [
        { id: 'recommend', text: { 'zh-CN': '推荐意愿', en: 'Would recommend' }, scale: { min: 0, max: 10 } },
      ],
    };
    const { command } = await commandHarness([registerSurveysCommand], { policies: { surveys: [team] } });
    const run = (...args: string[]) => command('surveys', ...args);
    const saved = JSON.parse(
      await run('record', '--account', 'A-own', '--answer', 'recommend=7', '--as', USERS.am.id, '--json'),
    );
    expect(saved).toMatchObject({ surveyId: 'nps', score: 70 });
    // The shipped surveys are not configured here: a response to one is refused, naming what there is.
    await expect(
      run(
        'record',
        '--survey',
        'standard',
        '--account',
        'A-own',
        '--answer',
        'overall=5',
        '--as',
        USERS.am.id,
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'surveyId', message: expect.stringContaining('nps') });
    const file = join(folder, 'extra-survey.yaml');
    await writeFile(
      file,
      'id: extra\nname: { zh-CN: 附加, en: Extra }\nquestions:\n  - { id: q, text: { zh-CN: 问, en: Q }, scale: { min: 1, max: 3 } }\n',
    );
    await run(
      'record',
      '--survey-file',
      file,
      '--survey',
      'extra',
      '--account',
      'A-own',
      '--answer',
      'q=3',
      '--as',
      USERS.am.id,
    );
    // Both responses count: (70 + 100) / 2 = 85.
    expect(
      await run(
        'index',
        '--survey-file',
        file,
        '--date',
        '2026-12-31',
        '--account',
        'A-own',
        '--as',
        USERS.am.id,
      ),
    ).toContain('A-own 东方航空集团: satisfaction 85.0 (2 responses)');
  });

  it('takes another survey from --survey-file', async () => {
    const { run } = await setup();
    const file = join(folder, 'survey.yaml');
    await writeFile(
      file,
      [
        'id: power',
        'name: { zh-CN: 供电服务满意度, en: Power supply satisfaction }',
        'questions:',
        '  - { id: supply, text: { zh-CN: 供电可靠性, en: Reliability }, scale: { min: 0, max: 10 }, weight: 0.7 }',
        '  - { id: repair, text: { zh-CN: 抢修, en: Repairs }, scale: { min: 0, max: 10 }, weight: 0.3 }',
      ].join('\n'),
    );
    const saved = JSON.parse(
      await run(
        'record',
        '--survey-file',
        file,
        '--survey',
        'power',
        '--account',
        'A-own',
        '--answer',
        'supply=10',
        '--answer',
        'repair=5',
        '--as',
        USERS.am.id,
        '--json',
      ),
    );
    // 0.7·100 + 0.3·50 = 85
    expect(saved).toMatchObject({ surveyId: 'power', score: 85 });
    await expect(
      run('record', '--survey', 'nps', '--account', 'A-own', '--answer', 'a=1', '--as', USERS.am.id),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      path: 'surveyId',
    });
  });
});
