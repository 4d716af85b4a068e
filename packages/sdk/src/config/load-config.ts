/**
 * Finding, reading and resolving `kamkit.config.yaml` / `.yml` / `.json`:
 * presets and files become loaded policies, relative paths resolve against
 * the file's folder, environment variables take precedence where documented.
 *
 * @module
 */
import { access } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type AlertPolicy, loadAlertPolicy } from '../alerts/alert-policy.js';
import { SERVICE_PRESETS } from '../cadence/presets.js';
import { loadServicePolicy, type ServicePolicy } from '../cadence/service-policy.js';
import { starterServicePolicy, unknownServiceTiers } from '../cadence/starter-service.js';
import {
  COMPLAINT_PRESETS,
  type ComplaintPolicy,
  loadComplaintPolicy,
  loadComplaintPreset,
} from '../complaints/complaint-policy.js';
import { KAM_ERROR_CODES, KamError, type Locale } from '../errors/kam-error.js';
import {
  ALERT_PRESETS,
  type AlertPresetName,
  defaultPolicies,
  loadAlertPreset,
  type PortfolioPolicies,
} from '../portfolio/policies.js';
import {
  loadProfilePolicy,
  loadProfilePreset,
  PROFILE_PRESETS,
  type ProfilePolicy,
  type ProfilePresetName,
} from '../profile/profile-policy.js';
import { loadRelationshipPlanPolicy } from '../relationship-plans/relationship-plan.js';
import type { KpiTargets } from '../reports/data/kpi-scorecard.js';
import { type CompetencyModel, loadCompetencyModel } from '../review360/model.js';
import { competencyModelPreset } from '../review360/presets.js';
import { loadSurvey, SURVEY_PRESETS, type SurveyDefinition } from '../satisfaction/survey.js';
import { loadScoringModel, type ScoringModel } from '../scoring/model.js';
import { SCORING_PRESETS } from '../scoring/presets.js';
import {
  DATABASE_OWNER_URL_ENV,
  DATABASE_URL_ENV,
  DEFAULT_DATA_DIR,
  type OpenStoreOptions,
} from '../store/open-store.js';
import { loadAdmissionPolicy, loadTierPolicy } from '../tiering/load-policy.js';
import type { AdmissionPolicy, TierPolicy } from '../tiering/policy.js';
import { ADMISSION_PRESETS, TIER_PRESETS } from '../tiering/presets.js';
import { DEFAULT_TIME_ZONE } from '../time/calendar.js';
import { configIssues, joinPath } from './config-issues.js';
import { ceilingDirectories, findProjectRoot } from './find-project.js';
import { CONFIG_FILE_ENV, CONFIG_PRESETS, type KamkitConfig, KamkitConfigSchema } from './kamkit-config.js';
import { readConfigFile } from './read-config-file.js';

/** A configuration with every reference loaded, ready for the commands. */
export interface ResolvedConfig {
  /** The file read (absolute), or `undefined` when none was found (built-in defaults). */
  file: string | undefined;
  /** `KAMKIT_LOCALE`, else the file's `locale`, else `LC_ALL`, `LC_MESSAGES` or `LANG` (zh* → zh-CN), else `en`. */
  locale: Locale;
  /** The organisation time zone (default Asia/Shanghai). */
  timeZone: string;
  /** Where the store lives: `KAMKIT_DATABASE_URL`, else the file's `database`, else `.kamkit/db`. */
  database: OpenStoreOptions;
  /** Which of the three chose {@link ResolvedConfig.database}. */
  databaseFrom: 'environment' | 'config' | 'default';
  /**
   * The project folder (absolute): the nearest folder at or above the working
   * directory with a configuration file or a `.kamkit/` folder (see
   * {@link findProjectRoot}), else the working directory. The default
   * database is `.kamkit/db` under it.
   */
  projectRoot: string;
  /** The policies of portfolio runs (defaults: {@link defaultPolicies}). */
  policies: PortfolioPolicies;
  /** Extra competency models for 360° cycles. */
  review360: { models: CompetencyModel[] };
  /** Template override folder (absolute), when configured. */
  templates: string | undefined;
  /** KPI targets for `report kpi`, when configured. */
  kpiTargets: KpiTargets | undefined;
}

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** An explicit file (`--config`); relative to `cwd`. Wins over `KAMKIT_CONFIG`. */
  path?: string | undefined;
  /**
   * The working directory (default `process.cwd()`): the configuration file
   * and `.kamkit/` are searched from it upwards ({@link findProjectRoot}).
   */
  cwd?: string;
  /** Environment (default `process.env`): `KAMKIT_CONFIG`, `KAMKIT_LOCALE`, `LANG`, `KAMKIT_DATABASE_URL`. */
  env?: Readonly<Record<string, string | undefined>>;
}

const SUBJECT = { 'zh-CN': 'KAMkit 配置', en: 'KAMkit configuration' };

/**
 * The configuration file to use: `path`, else `KAMKIT_CONFIG`, else the
 * first of `kamkit.config.yaml`, `kamkit.config.yml`, `kamkit.config.json`
 * in the project folder found from `cwd` upwards ({@link findProjectRoot});
 * `undefined` when none exists.
 *
 * @throws KamError `NOT_FOUND` when an explicitly named file does not exist.
 */
export async function findConfigFile(options: LoadConfigOptions = {}): Promise<string | undefined> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const explicit = options.path ?? (env[CONFIG_FILE_ENV]?.trim() || undefined);
  if (explicit !== undefined) {
    const file = resolve(cwd, explicit);
    if (!(await exists(file)))
      throw new KamError({
        code: KAM_ERROR_CODES.NOT_FOUND,
        path: file,
        message: { 'zh-CN': `找不到配置文件 ${file}`, en: `Configuration file not found: ${file}` },
      });
    return file;
  }
  return (await findProjectRoot(cwd, { ceilings: ceilingDirectories(env) }))?.configFile;
}

/**
 * Find, read, validate and resolve the configuration. Without a file, the
 * result is today's defaults (postal tiers, contribution-value scoring…).
 *
 * @throws KamError `INVALID_CONFIG` naming the file, the field path and what
 *   was expected (e.g. `policies.tiers.tiers[0].min`); `NOT_FOUND` for a named
 *   configuration file or a referenced policy file that does not exist.
 * @example
 * ```ts
 * const config = await loadConfig();               // ./kamkit.config.yaml, if any
 * const store = await openStore(config.database);
 * const run = await runPortfolio({ store, policies: config.policies, asOf: '2026-10' });
 * ```
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const project = await findProjectRoot(cwd, { ceilings: ceilingDirectories(env) });
  const explicit = options.path !== undefined || Boolean(env[CONFIG_FILE_ENV]?.trim());
  const file = explicit ? await findConfigFile(options) : project?.configFile;
  const projectRoot = project?.root ?? resolve(cwd);
  if (file === undefined) return resolveConfig({}, { file: undefined, folder: cwd, projectRoot, env });
  const raw = await readConfigFile(file, { 'zh-CN': '配置', en: 'configuration' });
  return parseConfig(raw ?? {}, { file, env, cwd: projectRoot });
}

/**
 * Validate and resolve configuration data already read (from `file`, whose
 * folder relative paths resolve against).
 *
 * @throws KamError `INVALID_CONFIG` naming the file and each bad field.
 */
export async function parseConfig(
  raw: unknown,
  options: {
    file: string;
    env?: Readonly<Record<string, string | undefined>>;
    /** The project folder the default database lives under (default `process.cwd()`). */
    cwd?: string;
  },
): Promise<ResolvedConfig> {
  const parsed = KamkitConfigSchema.safeParse(raw);
  if (!parsed.success) throw configError(options.file, configIssues(parsed.error));
  return resolveConfig(parsed.data, {
    file: options.file,
    folder: dirname(options.file),
    projectRoot: resolve(options.cwd ?? process.cwd()),
    env: options.env ?? process.env,
  });
}

interface ResolveContext {
  file: string | undefined;
  folder: string;
  /** The project folder: the default database lives under it. */
  projectRoot: string;
  env: Readonly<Record<string, string | undefined>>;
}

async function resolveConfig(config: KamkitConfig, context: ResolveContext): Promise<ResolvedConfig> {
  const defaults = defaultPolicies();
  const policies = config.policies ?? {};
  const reference = <T>(
    field: string,
    value: unknown,
    presets: Readonly<Record<string, () => T>>,
    load: (raw: unknown) => T,
  ) => resolveReference({ field, value, presets, load, context });

  const tiers =
    policies.tiers === undefined
      ? defaults.tiers
      : await reference<TierPolicy>(
          'policies.tiers',
          policies.tiers,
          presetLoaders(TIER_PRESETS, loadTierPolicy),
          loadTierPolicy,
        );
  const resolved: PortfolioPolicies = {
    scoring:
      policies.scoring === undefined
        ? defaults.scoring
        : await reference<ScoringModel>(
            'policies.scoring',
            policies.scoring,
            Object.fromEntries(
              Object.entries(SCORING_PRESETS).map(([name, model]) => [name, () => model] as const),
            ),
            (raw) => loadScoringModel(raw),
          ),
    tiers,
    admission:
      policies.admission === undefined
        ? defaults.admission
        : policies.admission === null
          ? undefined
          : await reference<AdmissionPolicy>(
              'policies.admission',
              policies.admission,
              presetLoaders(ADMISSION_PRESETS, loadAdmissionPolicy),
              loadAdmissionPolicy,
            ),
    service:
      policies.service === undefined
        ? unknownServiceTiers(defaults.service, tiers).length === 0
          ? defaults.service
          : starterServicePolicy(tiers)
        : await reference<ServicePolicy>(
            'policies.service',
            policies.service,
            {
              default: () => defaults.service,
              ...Object.fromEntries(
                Object.entries(SERVICE_PRESETS).map(([name, policy]) => [name, () => policy] as const),
              ),
              starter: () => starterServicePolicy(tiers),
            },
            loadServicePolicy,
          ),
    alerts:
      policies.alerts === undefined
        ? defaults.alerts
        : await reference<AlertPolicy>(
            'policies.alerts',
            policies.alerts,
            Object.fromEntries(
              Object.keys(ALERT_PRESETS).map(
                (name) => [name, () => loadAlertPreset(name as AlertPresetName)] as const,
              ),
            ),
            loadAlertPolicy,
          ),
    complaints:
      policies.complaints === undefined
        ? defaults.complaints
        : await reference<ComplaintPolicy>(
            'policies.complaints',
            policies.complaints,
            Object.fromEntries(
              Object.keys(COMPLAINT_PRESETS).map(
                (name) => [name, () => loadComplaintPreset(name as keyof typeof COMPLAINT_PRESETS)] as const,
              ),
            ),
            loadComplaintPolicy,
          ),
    ...(policies.relationshipPlans === undefined
      ? {}
      : { relationshipPlans: loadRelationshipPlanPolicy(policies.relationshipPlans) }),
    surveys:
      policies.surveys === undefined
        ? defaults.surveys
        : await resolveSurveys(
            policies.surveys,
            (field, value) =>
              reference<SurveyDefinition>(
                field,
                value,
                presetLoaders(SURVEY_PRESETS, loadSurvey),
                loadSurvey,
              ),
            context.file ?? 'kamkit',
          ),
    profile:
      policies.profile === undefined
        ? presetProfileOf(policies.alerts)
        : policies.profile === null
          ? undefined
          : await reference<ProfilePolicy>(
              'policies.profile',
              policies.profile,
              presetLoaders(PROFILE_PRESETS, loadProfilePolicy),
              loadProfilePolicy,
            ),
  };

  // A profile monitor reads the checklist: refused without one rather than skipped.
  const profileMonitor = resolved.alerts.monitors.findIndex((monitor) => monitor.kind === 'profile');
  if (profileMonitor >= 0 && resolved.profile === undefined) {
    throw configError(context.file ?? 'kamkit', [
      {
        path: 'policies.profile',
        expected: {
          'zh-CN': `客户档案清单（${CONFIG_PRESETS.profile.join('、')}、文件或直接写清单）：预警策略的 monitors[${profileMonitor}] 是 profile 监控`,
          en: `a profile checklist (${CONFIG_PRESETS.profile.join(', ')}, a file or inline): monitors[${profileMonitor}] of the alert policy is a profile monitor`,
        },
      },
    ]);
  }

  const strangers = unknownServiceTiers(resolved.service, tiers);
  if (strangers.length > 0) {
    const known = tiers.tiers.map((tier) => tier.id);
    throw configError(context.file ?? 'kamkit', [
      {
        path: 'policies.service',
        expected: {
          'zh-CN': `服务节奏中的层级须是分级策略“${tiers.id}”的层级（${known.join('、')}），“${resolved.service.id}”却用了 ${strangers.join('、')}；可改用 service: starter（按当前分级生成）`,
          en: `tiers of the tier policy "${tiers.id}" (${known.join(', ')}), but "${resolved.service.id}" names ${strangers.join(', ')}; service: starter derives a scheme from the current tiers`,
        },
      },
    ]);
  }

  const models: CompetencyModel[] = [];
  for (const [index, model] of (config.review360?.models ?? []).entries()) {
    models.push(
      await reference<CompetencyModel>(
        `review360.models[${index}]`,
        model,
        Object.fromEntries(CONFIG_PRESETS.review360.map((name) => [name, () => competencyModelPreset(name)])),
        loadCompetencyModel,
      ),
    );
  }

  const kpiTargets =
    config.kpiTargets === undefined
      ? undefined
      : await reference<KpiTargets>(
          'kpiTargets',
          config.kpiTargets,
          {},
          // Loaded only when configured: the scorecard module reaches the report source and the engine.
          (await import('../reports/data/kpi-scorecard.js')).loadKpiTargets,
        );

  const url = context.env[DATABASE_URL_ENV]?.trim();
  // The owner's URL goes with the environment's server URL: without it the
  // migrations would run as the application role, which may create nothing.
  const ownerUrl = context.env[DATABASE_OWNER_URL_ENV]?.trim();
  let database: OpenStoreOptions;
  let databaseFrom: ResolvedConfig['databaseFrom'];
  if (url) {
    database = ownerUrl ? { url, ownerUrl } : { url };
    databaseFrom = 'environment';
  } else if (config.database !== undefined) {
    database =
      'url' in config.database
        ? { url: config.database.url }
        : {
            dataDir: config.database.dataDir.startsWith('memory://')
              ? config.database.dataDir
              : resolve(context.folder, config.database.dataDir),
          };
    databaseFrom = 'config';
  } else {
    database = { dataDir: resolve(context.projectRoot, DEFAULT_DATA_DIR) };
    databaseFrom = 'default';
  }

  return {
    file: context.file,
    locale: chooseLocale(context.env, config.locale),
    timeZone: config.timeZone ?? DEFAULT_TIME_ZONE,
    database,
    databaseFrom,
    projectRoot: context.projectRoot,
    policies: resolved,
    review360: { models },
    templates: config.templates === undefined ? undefined : resolve(context.folder, config.templates),
    kpiTargets,
  };
}

/**
 * The checklist a left-out `policies.profile` means: the profile preset of
 * the same name as the alert preset (`airline`, `postal`) when that preset
 * has a `profile` monitor, so the preset pair works as a set; none otherwise.
 */
function presetProfileOf(alerts: unknown): ProfilePolicy | undefined {
  if (typeof alerts !== 'string' || !(alerts in ALERT_PRESETS) || !(alerts in PROFILE_PRESETS))
    return undefined;
  const monitors = loadAlertPreset(alerts as AlertPresetName).monitors;
  return monitors.some((monitor) => monitor.kind === 'profile')
    ? loadProfilePreset(alerts as ProfilePresetName)
    : undefined;
}

/**
 * Each entry of `policies.surveys` loaded (preset, file or inline), in order;
 * a survey id given twice is a configuration error naming the later entry.
 */
async function resolveSurveys(
  entries: readonly unknown[],
  load: (field: string, value: unknown) => Promise<SurveyDefinition>,
  where: string,
): Promise<SurveyDefinition[]> {
  const surveys: SurveyDefinition[] = [];
  const seen = new Map<string, string>();
  for (const [index, entry] of entries.entries()) {
    const field = `policies.surveys[${index}]`;
    const survey = await load(field, entry);
    const earlier = seen.get(survey.id);
    if (earlier !== undefined)
      throw configError(where, [
        {
          path: `${field}.id`,
          expected: {
            'zh-CN': `不重复的问卷编号；“${survey.id}”已是 ${earlier} 的编号`,
            en: `a survey id of its own; "${survey.id}" is already the id of ${earlier}`,
          },
        },
      ]);
    seen.set(survey.id, field);
    surveys.push(survey);
  }
  return surveys;
}

/**
 * `KAMKIT_LOCALE`, else the configured locale, else the POSIX chain: the
 * first set (non-empty) of `LC_ALL`, `LC_MESSAGES`, `LANG`; zh* → zh-CN,
 * anything else (including `C` and `POSIX`) → en.
 */
export function chooseLocale(
  env: Readonly<Record<string, string | undefined>>,
  configured?: Locale | undefined,
): Locale {
  const explicit = env.KAMKIT_LOCALE?.trim();
  if (explicit) return explicit.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  if (configured) return configured;
  const system = [env.LC_ALL, env.LC_MESSAGES, env.LANG].map((value) => value?.trim()).find(Boolean) ?? '';
  return system.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

function presetLoaders<T>(
  documents: Readonly<Record<string, unknown>>,
  load: (raw: unknown) => T,
): Record<string, () => T> {
  return Object.fromEntries(
    Object.entries(documents).map(([name, document]) => [name, () => load(document)]),
  );
}

const FILE_PATTERN = /\.(json|ya?ml)$/i;

async function resolveReference<T>(options: {
  field: string;
  value: unknown;
  presets: Readonly<Record<string, () => T>>;
  load: (raw: unknown) => T;
  context: ResolveContext;
}): Promise<T> {
  const { field, value, presets, load, context } = options;
  const where = context.file ?? 'kamkit';
  if (typeof value === 'string') {
    const preset = Object.hasOwn(presets, value) ? presets[value] : undefined;
    if (preset) return preset();
    if (!FILE_PATTERN.test(value)) {
      const names = Object.keys(presets);
      throw configError(where, [
        {
          path: field,
          expected: {
            'zh-CN': `${names.length > 0 ? `预设名（${names.join('、')}）或` : ''}.json/.yaml/.yml 文件路径，实际为“${value}”`,
            en: `${names.length > 0 ? `a preset name (${names.join(', ')}) or ` : ''}a path to a .json/.yaml/.yml file, found "${value}"`,
          },
        },
      ]);
    }
    const path = resolve(context.folder, value);
    const raw = await readConfigFile(path, { 'zh-CN': `${field} 引用的`, en: `${field}` });
    return wrap(() => load(raw), field, `${where} → ${path}`);
  }
  return wrap(() => load(value), field, where);
}

function wrap<T>(load: () => T, field: string, where: string): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof KamError)) throw error;
    const issues =
      error.issues.length > 0
        ? error.issues.map((issue) => ({ ...issue, path: joinPath(field, issue.path) }))
        : [{ path: joinPath(field, error.path), expected: error.localised }];
    throw configError(where, issues, error);
  }
}

function configError(
  file: string,
  issues: readonly { path: string; expected: { 'zh-CN': string; en: string } }[],
  cause?: unknown,
): KamError {
  const lines = (locale: Locale) =>
    issues.map((issue) => `  - ${issue.path}: ${issue.expected[locale]}`).join('\n');
  return new KamError({
    code: KAM_ERROR_CODES.INVALID_CONFIG,
    path: issues[0]?.path,
    issues,
    cause,
    message: {
      'zh-CN': `${SUBJECT['zh-CN']}无效（${file}）：\n${lines('zh-CN')}`,
      en: `Invalid ${SUBJECT.en} (${file}):\n${lines('en')}`,
    },
  });
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
