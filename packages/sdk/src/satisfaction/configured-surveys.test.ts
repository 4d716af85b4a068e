/**
 * A team's own survey, configured in `policies.surveys`, from the
 * configuration through the composition root to every reader and writer:
 * the import, chat `满意度`, the status card, the KPI scorecard and the demo.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, seedPortfolio, USERS } from '../access/__fixtures__/portfolio.js';
import { createChatEngine } from '../chat/engine.js';
import { linkPlatformUser } from '../chat/identity.js';
import type { Reply } from '../chat/replies.js';
import { parseConfig, type ResolvedConfig } from '../config/load-config.js';
import { generatePortfolio } from '../demo/generate-portfolio.js';
import { generateSurveyResponses } from '../demo/generate-surveys.js';
import { createKamRuntime, type KamRuntime } from '../host/runtime.js';
import { registerImportCommand } from '../import/cli.js';
import { defaultPolicies } from '../portfolio/policies.js';
import { buildKpiScorecard } from '../reports/data/kpi-scorecard.js';
import { loadReportSource } from '../reports/data/source.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { checkAnswers, defaultSurvey, loadSurvey } from './survey.js';

/** The team's survey: its own question ids, a 0–10 and a 1–7 scale, weights 3 and 1. */
const TEAM_SURVEY = {
  id: 'nps',
  name: { 'zh-CN': '推荐意愿调查', en: 'Recommendation survey' },
  questions: [
    {
      id: 'recommend',
      text: { 'zh-CN': '推荐意愿', en: 'Would recommend' },
      scale: { min: 0, max: 10 },
      weight: 3,
    },
    { id: 'ease', text: { 'zh-CN': '办事便利', en: 'Ease of doing business' }, scale: { min: 1, max: 7 } },
  ],
};

const clock = new Date('2026-11-05T02:00:00Z');
const account = ACCOUNTS.own;
let folder: string;
let store: Store;
let config: ResolvedConfig;
let runtime: KamRuntime;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'kamkit-team-survey-'));
  store = createMemoryStore({ clock: () => clock });
  await seedPortfolio(store);
  config = await parseConfig(
    { locale: 'zh-CN', policies: { surveys: [TEAM_SURVEY, 'standard'] } },
    { file: join(folder, 'kamkit.config.yaml'), env: {} },
  );
  runtime = await createKamRuntime({ config, store });
});
afterAll(async () => {
  await runtime.close();
  await rm(folder, { recursive: true, force: true });
});

/** `kamkit import surveys <file>` with `configuration`; what it printed and its exit code. */
async function importSurveys(file: string, configuration: ResolvedConfig) {
  const out: string[] = [];
  let exitCode = 0;
  const program = new Command('kamkit').exitOverride();
  registerImportCommand(program, {
    openStore: async () => store,
    config: async () => configuration,
    env: { KAMKIT_OPERATOR: USERS.sa.id },
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => out.push(text) },
    setExitCode: (code) => {
      exitCode = code;
    },
  });
  await program.parseAsync(['import', 'surveys', file, '--json'], { from: 'user' });
  return { result: JSON.parse(out.join('')), exitCode };
}

describe('a survey of its own in policies.surveys', () => {
  it('is imported, scored in chat and on the status card, and counted by the KPI scorecard', async () => {
    // No survey column: the row answers the first configured survey.
    const file = join(folder, '满意度.csv');
    await writeFile(
      file,
      [
        '客户编号,联系人编号,回答,调查时间',
        `${account.id},C-${account.id},"recommend=9; ease=6",2026-10-20 10:00`,
      ].join('\n'),
    );

    // With the shipped surveys only, the row is refused and nothing is stored.
    const shipped = await parseConfig({}, { file: join(folder, 'kamkit.config.yaml'), env: {} });
    const refused = await importSurveys(file, shipped);
    expect(refused.exitCode).toBe(1);
    expect(JSON.stringify(refused.result)).toContain('Survey standard has no question recommend');
    expect(await store.listSurveyResponses()).toEqual([]);

    const imported = await importSurveys(file, config);
    expect(imported).toMatchObject({ exitCode: 0, result: { ok: true, inserted: 1, rejected: 0 } });
    expect(await store.listSurveyResponses()).toEqual([
      expect.objectContaining({ surveyId: 'nps', answers: { recommend: 9, ease: 6 }, channel: 'import' }),
    ]);

    const chat = createChatEngine({ ...runtime.chatOptions(), asOf: () => '2026-10', now: () => clock });
    const platformUser = { platform: 'test', platformUserId: 'wx-am' };
    await linkPlatformUser(store, platformUser, USERS.am.id);
    let counter = 0;
    const send = async (text: string): Promise<Reply> =>
      (await chat.handle({ ...platformUser, text, messageId: `m-${++counter}` })).replies[0]!;

    // (3 · 90 + 1 · (6 − 1) / 6 · 100) / 4 = 88.33… → 88.3
    const shown = (await send(`满意度 ${account.name}`)) as Extract<Reply, { kind: 'list' }>;
    expect(shown.entries[0]!.label['zh-CN']).toBe(
      `${account.name}：满意度 88.3（1 份问卷，最近 2026-10-20）`,
    );
    expect(shown.title['zh-CN']).toContain('满意度 <客户> <1> <2>（推荐意愿、办事便利，0–10 / 1–7 分）');
    expect(shown.title.en).toContain('(Would recommend, Ease of doing business; 0–10 / 1–7)');

    const help = (await send('帮助')) as Extract<Reply, { kind: 'text' }>;
    expect(help.text['zh-CN']).toContain('按题目顺序记录一份问卷（推荐意愿、办事便利，0–10 / 1–7 分）');
    expect(help.text.en).toContain('answers in question order (recommend, ease; 0–10 / 1–7)');

    // Answers in the team survey's order, on its scales.
    const recorded = (await send(`满意度 ${account.name} 10 7`)) as Extract<Reply, { kind: 'text' }>;
    expect(recorded.text['zh-CN']).toContain('（推荐意愿 10，办事便利 7），得分 100.0');
    // (88.33… + 100) / 2 = 94.16… → 94.2
    expect(recorded.text['zh-CN']).toContain('当前满意度 94.2（2 份问卷）');
    const offScale = (await send(`满意度 ${account.name} 11`)) as Extract<Reply, { kind: 'error' }>;
    expect(offScale.message.en).toContain('not on its 0–10 scale');

    const card = (await send(`查询 ${account.name}`)) as Extract<Reply, { kind: 'account-card' }>;
    expect(card.card.satisfaction?.['zh-CN']).toBe('满意度 94.2（2 份问卷，最近 2026-11-05）');

    // The scorecard of October counts the imported response (the chat one came after the period).
    const source = await loadReportSource({ store, asOf: '2026-10', policies: runtime.policies });
    const line = buildKpiScorecard(source, { period: '2026-10' }).lines.find(
      (entry) => entry.ownerId === USERS.am.id,
    )!;
    expect(line.satisfaction).toMatchObject({ display: '88.3', responses: 1, accounts: 1 });
    // Scored by the shipped surveys, the team's responses count for nothing.
    const unscored = buildKpiScorecard({ ...source, policies: defaultPolicies() }, { period: '2026-10' });
    expect(unscored.lines.find((entry) => entry.ownerId === USERS.am.id)!.satisfaction).toBeNull();
  });

  it('the demo places its answers on any scale', () => {
    const portfolio = generatePortfolio({ asOf: '2026-10', accounts: 12, months: 2 });
    fc.assert(
      fc.property(
        fc.array(
          fc
            .tuple(fc.integer({ min: -10, max: 10 }), fc.integer({ min: 1, max: 12 }))
            .map(([min, span]) => ({ min, max: min + span })),
          { minLength: 1, maxLength: 4 },
        ),
        (scales) => {
          const survey = loadSurvey({
            id: 'any',
            name: { 'zh-CN': '任意', en: 'Any' },
            questions: scales.map((scale, index) => ({
              id: `q${index}`,
              text: { 'zh-CN': `问${index}`, en: `Q${index}` },
              scale,
            })),
          });
          for (const response of generateSurveyResponses(portfolio, { survey }))
            expect(checkAnswers(response, survey)).toBe(response);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('the demo answers the configured default survey, each answer on its question’s scale', () => {
    const survey = defaultSurvey(config.policies.surveys);
    const responses = generateSurveyResponses(
      generatePortfolio({ asOf: '2026-10', accounts: 12, months: 2 }),
      {
        survey,
      },
    );
    expect(responses.length).toBeGreaterThan(0);
    for (const response of responses) {
      expect(response.surveyId).toBe('nps');
      expect(Object.keys(response.answers)).toEqual(['recommend', 'ease']);
      expect(response.answers.recommend).toBeGreaterThanOrEqual(0);
      expect(response.answers.recommend).toBeLessThanOrEqual(10);
      expect(response.answers.ease).toBeGreaterThanOrEqual(1);
      expect(response.answers.ease).toBeLessThanOrEqual(7);
    }
    // Without a survey: the shipped `standard`, on its 1–5 scale.
    const standard = generateSurveyResponses(generatePortfolio({ asOf: '2026-10', accounts: 12, months: 2 }));
    expect(standard.every((response) => response.surveyId === 'standard')).toBe(true);
    expect(
      standard.every((response) =>
        Object.values(response.answers).every((value) => value >= 1 && value <= 5),
      ),
    ).toBe(true);
  });
});
