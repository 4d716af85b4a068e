import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { isKamError, type KamError } from '../errors/kam-error.js';
import { defaultPolicies } from '../portfolio/policies.js';
import { resolveStoreTarget } from '../store/open-store.js';
import { kamkitConfigJsonSchema, renderConfigurationReference } from './config-reference.js';
import { INIT_PRESETS, initConfigText } from './init-config.js';
import { CONFIG_POLICY_DEFAULTS } from './kamkit-config.js';
import { chooseLocale, loadConfig, parseConfig } from './load-config.js';

const folders: string[] = [];
function folder(): string {
  const path = mkdtempSync(join(tmpdir(), 'kamkit-config-'));
  folders.push(path);
  return path;
}
afterAll(() => {
  for (const path of folders) rmSync(path, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<KamError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isKamError(error)).toBe(true);
  return error as KamError;
}

describe('loadConfig', () => {
  it('without a file gives today’s defaults and the embedded database under the working directory', async () => {
    const cwd = folder();
    const config = await loadConfig({ cwd, env: {} });
    expect(config.file).toBeUndefined();
    expect(config.policies.tiers.id).toBe(defaultPolicies().tiers.id);
    expect(config.policies.admission?.id).toBe('postal-admission');
    expect(config).toMatchObject({
      locale: 'en',
      timeZone: 'Asia/Shanghai',
      database: { dataDir: join(cwd, '.kamkit/db') },
      databaseFrom: 'default',
    });
  });

  it('resolves presets, files relative to the configuration file, and inline policies', async () => {
    const cwd = folder();
    const configFolder = join(cwd, 'config');
    mkdirSync(join(configFolder, 'policies'), { recursive: true });
    writeFileSync(
      join(configFolder, 'policies/tiers.yaml'),
      'kind: ladder\nid: mine\nfigure: { metric: revenue, window: { unit: cumulative } }\ntiers:\n  - { id: A-1, min: 150万 }\n  - { id: A-2, min: 50万 }\n  - { id: B-1, min: 10万 }\n',
    );
    writeFileSync(
      join(configFolder, 'kamkit.config.yaml'),
      [
        'locale: zh-CN',
        'timeZone: Europe/Berlin',
        'database: { dataDir: ./db }',
        'policies:',
        '  scoring: rfm',
        '  tiers: policies/tiers.yaml',
        '  admission: null',
        '  service: retail',
        'review360:',
        '  models: [dcfin-18]',
        'templates: ./templates',
        'kpiTargets:',
        '  - { ownerId: u-am-11, revenue: 100万 }',
      ].join('\n'),
    );
    const config = await loadConfig({ cwd, path: 'config/kamkit.config.yaml', env: {} });
    expect(config.file).toBe(join(configFolder, 'kamkit.config.yaml'));
    expect(config.locale).toBe('zh-CN');
    expect(config.timeZone).toBe('Europe/Berlin');
    expect(config.database).toEqual({ dataDir: join(configFolder, 'db') });
    expect(config.policies.scoring.id).toBe('rfm');
    expect(config.policies.tiers.id).toBe('mine');
    expect(config.policies.tiers.tiers.map((tier) => tier.id)).toEqual(['A-1', 'A-2', 'B-1']);
    expect(config.policies.admission).toBeUndefined();
    expect(config.policies.service.id).toBe('retail');
    expect(config.policies.alerts.id).toBe(defaultPolicies().alerts.id);
    expect(config.review360.models.map((model) => model.id)).toEqual(['dcfin-18']);
    expect(config.templates).toBe(join(configFolder, 'templates'));
    expect(config.kpiTargets).toEqual([
      { ownerId: 'u-am-11', revenue: 100_000_000, newKeyAccounts: 0, maxLostKeyAccounts: 0 },
    ]);
  });

  it('the documented policy defaults name the policies used without a configuration', async () => {
    const cwd = folder();
    writeFileSync(join(cwd, 'kamkit.config.json'), JSON.stringify({ policies: CONFIG_POLICY_DEFAULTS }));
    const named = (await loadConfig({ cwd, env: {} })).policies;
    const defaults = defaultPolicies();
    const ids = (policy: { id: string } | readonly { id: string }[] | undefined) =>
      Array.isArray(policy) ? policy.map((entry) => entry.id) : (policy as { id: string } | undefined)?.id;
    for (const key of Object.keys(CONFIG_POLICY_DEFAULTS) as (keyof typeof CONFIG_POLICY_DEFAULTS)[])
      expect(ids(named[key]), key).toEqual(ids(defaults[key]));
    expect(ids(named.surveys)).toEqual(['standard', 'airline']);
  });

  it('finds the file in the working directory or through KAMKIT_CONFIG; the database URL from the environment wins', async () => {
    const cwd = folder();
    writeFileSync(join(cwd, 'kamkit.config.json'), JSON.stringify({ database: { dataDir: 'here' } }));
    expect((await loadConfig({ cwd, env: {} })).database).toEqual({ dataDir: join(cwd, 'here') });
    const environment = await loadConfig({ cwd, env: { KAMKIT_DATABASE_URL: 'postgres://db/kamkit' } });
    expect(environment).toMatchObject({
      database: { url: 'postgres://db/kamkit' },
      databaseFrom: 'environment',
    });
    // The owner's URL (which runs the migrations) comes along with it.
    const owned = await loadConfig({
      cwd,
      env: {
        KAMKIT_DATABASE_URL: 'postgres://app@db/kamkit',
        KAMKIT_DATABASE_OWNER_URL: 'postgres://owner@db/kamkit',
      },
    });
    expect(owned.database).toEqual({
      url: 'postgres://app@db/kamkit',
      ownerUrl: 'postgres://owner@db/kamkit',
    });
    expect(resolveStoreTarget(owned.database, {})).toMatchObject({
      kind: 'server',
      ownerUrl: 'postgres://owner@db/kamkit',
    });

    const other = folder();
    writeFileSync(join(other, 'settings.yml'), 'locale: zh-CN\n');
    expect((await loadConfig({ cwd, env: { KAMKIT_CONFIG: join(other, 'settings.yml') } })).locale).toBe(
      'zh-CN',
    );
    const missing = await failure(loadConfig({ cwd, env: { KAMKIT_CONFIG: 'nowhere.yaml' } }));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.messageIn('en')).toBe(`Configuration file not found: ${join(cwd, 'nowhere.yaml')}`);
  });

  it('names the file, the field path and what was expected, in both locales', async () => {
    const cwd = folder();
    const file = join(cwd, 'kamkit.config.yaml');
    writeFileSync(file, 'locale: fr\ntimeZone: Mars/Olympus\ndatabase: { dataDir: "" }\nunknown: 1\n');
    const error = await failure(loadConfig({ cwd, env: {} }));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'locale',
      'timeZone',
      'database.dataDir',
      '(root)',
    ]);
    expect(error.messageIn('en')).toContain(`Invalid KAMkit configuration (${file}):`);
    expect(error.messageIn('en')).toContain('locale: expected one of: zh-CN, en');
    expect(error.messageIn('zh-CN')).toContain(`KAMkit 配置无效（${file}）：`);
    expect(error.messageIn('zh-CN')).toContain('unknown');

    // Meaning-level checks of an inline policy carry the full path too.
    writeFileSync(
      file,
      'policies:\n  tiers:\n    kind: ladder\n    id: x\n    figure: { metric: revenue }\n    tiers: [{ id: A, min: 10 }, { id: B, min: 20 }]\n',
    );
    const order = await failure(loadConfig({ cwd, env: {} }));
    expect(order.path).toBe('policies.tiers.tiers[1].min');
    expect(order.messageIn('zh-CN')).toContain('policies.tiers.tiers[1].min: 应低于上一级');

    writeFileSync(file, 'policies:\n  tiers: missing.yaml\n');
    const missing = await failure(loadConfig({ cwd, env: {} }));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.messageIn('en')).toContain(join(cwd, 'missing.yaml'));
  });

  it('locale: KAMKIT_LOCALE, then the file, then LANG', () => {
    fc.assert(
      fc.property(
        fc.option(fc.constantFrom('zh_CN.UTF-8', 'en_US.UTF-8', 'zh', 'de_DE'), { nil: undefined }),
        fc.option(fc.constantFrom('zh-CN', 'en', 'zh-TW'), { nil: undefined }),
        fc.option(fc.constantFrom('zh-CN', 'en') as fc.Arbitrary<'zh-CN' | 'en'>, { nil: undefined }),
        (lang, explicit, configured) => {
          const locale = chooseLocale({ LANG: lang, KAMKIT_LOCALE: explicit }, configured);
          const expected = explicit
            ? explicit.startsWith('zh')
              ? 'zh-CN'
              : 'en'
            : (configured ?? (lang?.startsWith('zh') ? 'zh-CN' : 'en'));
          expect(locale).toBe(expected);
        },
      ),
    );
  });

  it('locale without KAMKIT_LOCALE or a configured one: LC_ALL, then LC_MESSAGES, then LANG', () => {
    const system = fc.option(fc.constantFrom('zh_CN.UTF-8', 'en_US.UTF-8', 'C', '', 'zh_TW'), {
      nil: undefined,
    });
    fc.assert(
      fc.property(system, system, system, (all, messages, lang) => {
        const first = [all, messages, lang].find((value) => value !== undefined && value !== '');
        expect(chooseLocale({ LC_ALL: all, LC_MESSAGES: messages, LANG: lang })).toBe(
          first?.startsWith('zh') ? 'zh-CN' : 'en',
        );
      }),
    );
    expect(chooseLocale({ LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(chooseLocale({ LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' })).toBe('zh-CN');
    expect(chooseLocale({ KAMKIT_LOCALE: 'en', LC_ALL: 'zh_CN.UTF-8' })).toBe('en');
  });

  it('every init preset writes a file that loads, with the schema line first', async () => {
    for (const preset of INIT_PRESETS)
      for (const locale of ['en', 'zh-CN'] as const) {
        const cwd = folder();
        const text = initConfigText({ preset, locale });
        expect(text.startsWith('# yaml-language-server: $schema=')).toBe(true);
        writeFileSync(join(cwd, 'kamkit.config.yaml'), text);
        const config = await loadConfig({ cwd, env: {} });
        expect(config.policies.tiers.id).toBe(parseYaml(text).policies.tiers);
        expect(config.policies.profile?.id ?? null).toBe(parseYaml(text).policies.profile);
        expect(config.locale).toBe(locale);
        // The service cadence owes something to the top tier of the chosen tier policy.
        const best = config.policies.tiers.tiers[0]!.id;
        expect(
          config.policies.service.rules.some(
            (rule) => Array.isArray(rule.tiers) && rule.tiers.includes(best),
          ),
        ).toBe(true);
      }
  });

  it('refuses a service cadence written for other tiers, naming them, in both locales', async () => {
    const cwd = folder();
    writeFileSync(join(cwd, 'kamkit.config.yaml'), 'policies:\n  tiers: retail-ladder\n  service: retail\n');
    const error = await failure(loadConfig({ cwd, env: {} }));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.path).toBe('policies.service');
    expect(error.messageIn('en')).toContain('tiers of the tier policy "retail-ladder" (A, B, C, D, E)');
    expect(error.messageIn('en')).toContain('A-1, A-2, B-1');
    expect(error.messageIn('zh-CN')).toContain('service: starter');
  });

  it('policies.profile: a preset or inline checklist; a profile monitor without one is refused naming the field', async () => {
    const airline = await parseConfig({ policies: { profile: 'airline' } }, { file: '/tmp/k.yaml', env: {} });
    expect(airline.policies.profile?.items.map((item) => item.id)).toEqual([
      'travel-policy',
      'first-class-level',
      'lowest-fare',
      'headquarters',
      'headcount',
      'plans',
      'branch-plans',
    ]);
    expect((await parseConfig({}, { file: '/tmp/k.yaml', env: {} })).policies.profile).toBeUndefined();
    // Left out beside an alert preset with a profile monitor: the checklist of the same name.
    const paired = await parseConfig({ policies: { alerts: 'airline' } }, { file: '/tmp/k.yaml', env: {} });
    expect(paired.policies.profile?.id).toBe('airline');
    expect(
      (await parseConfig({ policies: { alerts: 'postal' } }, { file: '/tmp/k.yaml', env: {} })).policies
        .profile,
    ).toBeUndefined();
    // Turned off (null) while the alert policy still has the monitor: refused, naming the field.
    const error = await failure(
      parseConfig({ policies: { alerts: 'airline', profile: null } }, { file: '/tmp/k.yaml', env: {} }),
    );
    expect(error.path).toBe('policies.profile');
    expect(error.localised['zh-CN']).toContain('预警策略的 monitors[3] 是 profile 监控');
    expect(error.localised.en).toContain('monitors[3] of the alert policy is a profile monitor');
    const bad = await failure(
      parseConfig(
        { policies: { profile: { id: 'x', name: { 'zh-CN': '档案', en: 'file' }, items: [] } } },
        { file: '/tmp/k.yaml', env: {} },
      ),
    );
    expect(bad.path).toBe('policies.profile.items');
  });

  it('policies.surveys: presets, files and inline surveys in order, the first the default', async () => {
    const cwd = folder();
    mkdirSync(join(cwd, 'surveys'));
    writeFileSync(
      join(cwd, 'surveys/power.yaml'),
      [
        'id: power',
        'name: { zh-CN: 供电服务满意度, en: Power supply satisfaction }',
        'questions:',
        '  - { id: supply, text: { zh-CN: 供电可靠性, en: Reliability }, scale: { min: 0, max: 10 } }',
      ].join('\n'),
    );
    writeFileSync(
      join(cwd, 'kamkit.config.yaml'),
      [
        'policies:',
        '  surveys:',
        '    - id: nps',
        '      name: { zh-CN: 推荐意愿, en: Recommendation }',
        '      windowDays: 180',
        '      questions:',
        '        - { id: recommend, text: { zh-CN: 推荐意愿, en: Would recommend }, scale: { min: 0, max: 10 }, weight: 3 }',
        '    - airline',
        '    - surveys/power.yaml',
      ].join('\n'),
    );
    const surveys = (await loadConfig({ cwd, env: {} })).policies.surveys;
    expect(surveys.map((survey) => survey.id)).toEqual(['nps', 'airline', 'power']);
    expect(surveys[0]).toMatchObject({ windowDays: 180, questions: [{ id: 'recommend', weight: 3 }] });
    expect(surveys[2]!.questions[0]!.scale).toEqual({ min: 0, max: 10 });
    // Without the field: the shipped surveys, standard first.
    expect(
      (await loadConfig({ cwd: folder(), env: {} })).policies.surveys.map((survey) => survey.id),
    ).toEqual(['standard', 'airline']);
  });

  it('policies.surveys: any list loads in order when its ids are unique, else names the first repeat', async () => {
    const inline = (id: string) => ({
      id,
      name: { 'zh-CN': id, en: id },
      questions: [{ id: 'q', text: { 'zh-CN': '问', en: 'Q' }, scale: { min: 0, max: 4 } }],
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('standard', 'airline', 'nps', 'ces'), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        async (ids, presetsByName) => {
          const entries = ids.map((id) =>
            presetsByName && (id === 'standard' || id === 'airline') ? id : inline(id),
          );
          const loading = parseConfig({ policies: { surveys: entries } }, { file: '/tmp/k.yaml', env: {} });
          const repeat = ids.findIndex((id, index) => ids.indexOf(id) < index);
          if (repeat === -1) {
            const surveys = (await loading).policies.surveys;
            expect(surveys.map((survey) => survey.id)).toEqual(ids);
          } else {
            const error = await failure(loading);
            expect(error.path).toBe(`policies.surveys[${repeat}].id`);
            expect(error.messageIn('en')).toContain(
              `is already the id of policies.surveys[${ids.indexOf(ids[repeat]!)}]`,
            );
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('policies.surveys: an unknown preset, a bad file, a repeated id or an empty list name the entry', async () => {
    const cwd = folder();
    const file = join(cwd, 'kamkit.config.yaml');
    const refused = async (surveys: string) => {
      writeFileSync(file, `policies:\n  surveys: ${surveys}\n`);
      const error = await failure(loadConfig({ cwd, env: {} }));
      expect(error.code).toBe('INVALID_CONFIG');
      expect(error.messageIn('en')).toContain(file);
      return error;
    };

    const unknown = await refused('[standard, gold]');
    expect(unknown.path).toBe('policies.surveys[1]');
    expect(unknown.messageIn('en')).toContain(
      'policies.surveys[1]: a preset name (standard, airline) or a path to a .json/.yaml/.yml file, found "gold"',
    );
    expect(unknown.messageIn('zh-CN')).toContain('policies.surveys[1]: 预设名（standard、airline）或');

    writeFileSync(
      join(cwd, 'bad.yaml'),
      'id: bad\nname: { zh-CN: 坏, en: Bad }\nquestions:\n  - { id: q, text: { zh-CN: 问, en: Q }, scale: { min: 5, max: 1 } }\n',
    );
    const bad = await refused('[standard, bad.yaml]');
    expect(bad.path).toBe('policies.surveys[1].questions[0].scale.max');
    expect(bad.messageIn('en')).toContain(join(cwd, 'bad.yaml'));
    expect(bad.messageIn('en')).toContain(
      'policies.surveys[1].questions[0].scale.max: must be greater than min',
    );

    const inlineBad = await refused(
      '[standard, { id: x, name: { zh-CN: 坏, en: Bad }, questions: [{ id: q, text: { zh-CN: 问, en: Q }, scale: { min: 5, max: 1 } }] }]',
    );
    expect(inlineBad.path).toBe('policies.surveys[1].questions[0].scale.max');

    const missing = await failure(
      (async () => {
        writeFileSync(file, 'policies:\n  surveys: [nowhere.yaml]\n');
        return loadConfig({ cwd, env: {} });
      })(),
    );
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.messageIn('en')).toContain(join(cwd, 'nowhere.yaml'));

    const twice = await refused(
      '[airline, { id: airline, name: { zh-CN: 差旅, en: Travel }, questions: [{ id: q, text: { zh-CN: 问, en: Q }, scale: { min: 1, max: 5 } }] }]',
    );
    expect(twice.path).toBe('policies.surveys[1].id');
    expect(twice.messageIn('en')).toContain(
      'policies.surveys[1].id: a survey id of its own; "airline" is already the id of policies.surveys[0]',
    );
    expect(twice.messageIn('zh-CN')).toContain('不重复的问卷编号；“airline”已是 policies.surveys[0] 的编号');

    expect((await refused('[]')).path).toBe('policies.surveys');
  });

  it('without a service cadence, other tiers than Platinum / Gold / VIP get the starter cadence', async () => {
    const cwd = folder();
    writeFileSync(join(cwd, 'kamkit.config.yaml'), 'policies:\n  tiers: airline-grid\n');
    const config = await loadConfig({ cwd, env: {} });
    expect(config.policies.service.id).toBe('starter-airline-grid');
  });
});

describe('generated files', () => {
  const root = join(import.meta.dirname, '../..');
  it('schema/kamkit.config.schema.json is up to date (run pnpm --filter @kamkit/sdk build)', () => {
    const committed = JSON.parse(readFileSync(join(root, 'schema/kamkit.config.schema.json'), 'utf8'));
    expect(committed).toEqual(kamkitConfigJsonSchema());
    expect(committed.properties.policies.properties.tiers.anyOf).toHaveLength(2);
  });

  it('docs/configuration.md is up to date (run pnpm --filter @kamkit/sdk build)', () => {
    const committed = readFileSync(join(root, '../../docs/configuration.md'), 'utf8');
    expect(committed).toBe(renderConfigurationReference());
    expect(committed).toContain('| `policies.tiers` | preset or file \\| ');
  });
});
