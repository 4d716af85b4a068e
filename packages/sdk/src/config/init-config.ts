/**
 * The commented `kamkit.config.yaml` that `kamkit init` writes, per industry
 * preset.
 *
 * @module
 */
import type { Locale } from '../errors/kam-error.js';
import { CONFIG_SCHEMA_FILE } from './kamkit-config.js';

/** The industry presets of `kamkit init --preset`. */
export const INIT_PRESETS = ['postal', 'airline', 'retail', 'insurance', 'power'] as const;
/** One of {@link INIT_PRESETS}. */
export type InitPreset = (typeof INIT_PRESETS)[number];

interface PresetChoice {
  scoring: string;
  tiers: string;
  admission: string | null;
  service: string;
  note: { 'zh-CN': string; en: string };
}

const CHOICES: Record<InitPreset, PresetChoice> = {
  postal: {
    scoring: 'contribution-value',
    tiers: 'postal-ranges',
    admission: 'postal-admission',
    service: 'default',
    note: {
      'zh-CN': '邮政：白金 / 金 / VIP 按近 12 个月收入分级，连续两期确认',
      en: 'Postal: Platinum / Gold / VIP on the last twelve months’ revenue, two-period confirmation',
    },
  },
  airline: {
    scoring: 'contribution-value',
    tiers: 'airline-grid',
    admission: null,
    service: 'starter',
    note: {
      'zh-CN': '航空差旅：总量 × 我方份额的十级网格',
      en: 'Airline corporate travel: ten levels on total volume × our share',
    },
  },
  retail: {
    scoring: 'rfm',
    tiers: 'retail-ladder',
    admission: null,
    service: 'starter',
    note: {
      'zh-CN': '零售：按累计销售额的 A–E 阶梯',
      en: 'Retail: an A–E ladder on cumulative sales',
    },
  },
  insurance: {
    scoring: 'contribution-value',
    tiers: 'insurance-rules',
    admission: null,
    service: 'starter',
    note: {
      'zh-CN': '保险：大型 / 重点 / 中小企业规则分级',
      en: 'Insurance: heavy / large / SME rules',
    },
  },
  power: {
    scoring: 'contribution-value',
    tiers: 'ka-matrix',
    admission: 'power-admission',
    service: 'starter',
    note: {
      'zh-CN': '电力：吸引力 × 我方地位矩阵，电力准入条件',
      en: 'Power: attractiveness × our position matrix, power-sector admission',
    },
  },
};

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
  const choice = CHOICES[options.preset];
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
    `  ${comment('分级策略：postal-ranges、retail-ladder、airline-grid、insurance-rules、ka-matrix。', 'Tier policy: postal-ranges, retail-ladder, airline-grid, insurance-rules, ka-matrix.')}`,
    `  tiers: ${choice.tiers}`,
    `  ${comment('准入条件：postal-admission、power-admission，或 null（宽进严分，不设门槛）。', 'Admission: postal-admission, power-admission, or null (every account is tiered).')}`,
    `  admission: ${choice.admission ?? 'null'}`,
    `  ${comment('服务节奏：default、postal、retail、crm，或 starter（按上面的分级生成的入门节奏）；层级编号须与分级策略一致。', 'Service cadence: default, postal, retail, crm, or starter (a starting cadence derived from the tiers above); its tier ids must be tiers of the tier policy.')}`,
    `  service: ${choice.service}`,
    `  ${comment('预警：default（波动、下滑、沉睡、低于平均、降级）。', 'Alerts: default (fluctuation, decline, dormancy, below average, downgrade).')}`,
    '  alerts: default',
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
