/**
 * The commented `kamkit.config.yaml` that `kamkit init` writes, per industry
 * preset.
 *
 * @module
 */
import type { Locale } from '../errors/kam-error.js';
import { SCHEME_PRESETS, SCHEMES, type SchemeName } from '../portfolio/schemes.js';
import { CONFIG_SCHEMA_FILE } from './kamkit-config.js';

/** The industry presets of `kamkit init --preset`: the seed schemes of {@link SCHEME_PRESETS}. */
export const INIT_PRESETS = SCHEMES;
/** One of {@link INIT_PRESETS}. */
export type InitPreset = SchemeName;

/** Options of {@link initConfigText}. */
export interface InitConfigOptions {
  preset: InitPreset;
  /** Language of the comments. */
  locale: Locale;
  /** The `$schema` reference written on the first line (default: the copy in node_modules). */
  schemaPath?: string;
}

/**
 * The text of a commented `kamkit.config.yaml` for an industry preset. Its
 * first line points editors at the JSON Schema.
 *
 * @example
 * ```ts
 * await writeFile('kamkit.config.yaml', initConfigText({ preset: 'airline', locale: 'en' }));
 * ```
 */
export function initConfigText(options: InitConfigOptions): string {
  const choice = SCHEME_PRESETS[options.preset];
  const zh = options.locale === 'zh-CN';
  const schema = options.schemaPath ?? `./node_modules/@kamkit/sdk/schema/${CONFIG_SCHEMA_FILE}`;
  const comment = (zhText: string, enText: string) => `# ${zh ? zhText : enText}`;
  return [
    `# yaml-language-server: $schema=${schema}`,
    comment(`KAMkit 配置 — ${choice.note['zh-CN']}`, `KAMkit configuration — ${choice.note.en}`),
    comment(
      '每一项策略可以写预设名、JSON/YAML 文件路径（相对本文件），或直接写策略内容。',
      'Each policy is a preset name, a path to a JSON/YAML file (relative to this file), or the policy inline.',
    ),
    comment('字段说明见 docs/configuration.md。', 'Every field is described in docs/configuration.md.'),
    '',
    comment(
      '消息和报表的语言（zh-CN 或 en）；环境变量 KAMKIT_LOCALE 优先。',
      'Language of messages and reports (zh-CN or en); KAMKIT_LOCALE wins.',
    ),
    `locale: ${options.locale}`,
    comment(
      '机构所在时区：期间、到期日和显示的时间都按它计算。',
      'The organisation time zone: periods, due dates and times shown.',
    ),
    'timeZone: Asia/Shanghai',
    '',
    comment(
      '数据存放位置：内嵌数据库目录 { dataDir }，或 PostgreSQL 服务器 { url }；环境变量 KAMKIT_DATABASE_URL 优先。',
      'Where data lives: an embedded database folder { dataDir } or a PostgreSQL server { url }; KAMKIT_DATABASE_URL wins.',
    ),
    'database:',
    '  dataDir: .kamkit/db',
    '',
    'policies:',
    `  ${comment('评分模型：contribution-value（贡献值）或 rfm。', 'Scoring model: contribution-value or rfm.')}`,
    `  scoring: ${choice.scoring}`,
    `  ${comment('分级策略：postal-tiers、postal-ranges、retail-classes、retail-ladder、airline-grid、insurance-rules、ka-matrix、power-grades。', 'Tier policy: postal-tiers, postal-ranges, retail-classes, retail-ladder, airline-grid, insurance-rules, ka-matrix, power-grades.')}`,
    `  tiers: ${choice.tiers}`,
    `  ${comment('准入条件：postal-admission、power-admission，或 null（宽进严分，不设门槛）。', 'Admission: postal-admission, power-admission, or null (every account is tiered).')}`,
    `  admission: ${choice.admission ?? 'null'}`,
    `  ${comment('服务节奏：default、postal、retail、airline、power、insurance、crm，或 starter（按上面的分级生成的入门节奏）；层级编号须与分级策略一致。', 'Service cadence: default, postal, retail, airline, power, insurance, crm, or starter (a starting cadence derived from the tiers above); its tier ids must be tiers of the tier policy.')}`,
    `  service: ${choice.service}`,
    `  ${comment('预警：default（波动、下滑、沉睡、低于平均、降级）、postal（波动须在 28 日前说明原因）、airline（量下降：员工 / 报价 / 服务）、power（六个月不用电）。', 'Alerts: default (fluctuation, decline, dormancy, below average, downgrade), postal (swings explained by the 28th), airline (decline: staff / price / service), power (six months without consumption).')}`,
    `  alerts: ${choice.alerts}`,
    `  ${comment('投诉处理时限与升级链：standard，或 power（供电：逾期提请电力监管部门）。', 'Complaint deadlines and escalation: standard, or power (power utility: overdue cases go to the regulator).')}`,
    `  complaints: ${choice.complaints}`,
    `  ${comment('满意度问卷：standard（大客户满意度，1–5 分）、airline（差旅满意度，0–10 分），或问卷文件（JSON/YAML）、直接写问卷；编号不可重复，第一份为默认问卷。', 'Satisfaction surveys: standard (key-account satisfaction, 1–5), airline (travel satisfaction, 0–10), or a survey file (JSON/YAML) or a survey inline; ids must be unique, the first is the default survey.')}`,
    '  surveys: [standard, airline]',
    `  ${comment('客户档案清单：airline（客户检查单：差旅政策、坐头等舱的高管、最低票价原则、总部、员工人数、发展规划、分支）、postal（邮政大客户档案基本信息），或清单文件、直接写清单；null 为不设清单（预警中的 profile 监控需要清单）。', 'Profile checklist: airline (the customer checklist: travel policy, first-class executives, lowest fare, HQ, headcount, plans, branches), postal (the postal key-account file), or a checklist file or inline; null for none (a profile monitor in the alerts needs one).')}`,
    `  profile: ${choice.profile ?? 'null'}`,
    '',
    comment(
      '360 度考核可用的额外能力模型（预设始终可用）。',
      'Extra competency models for 360° cycles (the presets are always available).',
    ),
    'review360:',
    '  models: []',
    '',
    comment(
      '报表模板覆盖目录：其中的 <名称>.hbs 替换同名内置模板。',
      'Report template overrides: each <name>.hbs in this folder replaces the built-in template of that name.',
    ),
    '# templates: ./templates',
    comment(
      '客户经理考核目标（report kpi 使用），文件或列表。',
      'Account-manager KPI targets (report kpi), a file or a list.',
    ),
    '# kpiTargets: ./kpi-targets.yaml',
    '',
  ].join('\n');
}
