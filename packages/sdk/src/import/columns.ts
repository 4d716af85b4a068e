/**
 * Column vocabularies for each import kind: which header names (English and
 * the usual Chinese spreadsheet headers) fill which field of the domain
 * schema, and how each cell is converted. Header matching ignores case, spaces,
 * `_`, `-`, `.` and full-width forms, so `account_id`, `accountId`,
 * `Account ID` and `客户编号` all name the account.
 *
 * @module
 */
import { ALERT_STATUS_LABELS } from '../alerts/alert-work.js';
import { ACCOUNT_TYPES } from '../domain/account.js';
import {
  CONTACT_ROLE_LABELS,
  CONTACT_ROLES,
  RELATIONSHIP_STAGE_LABELS,
  RELATIONSHIP_STAGES,
} from '../domain/contact.js';
import { ACTOR_LEVELS, INTERACTION_KINDS } from '../domain/interaction.js';
import { normaliseAnnualDate, parseAccountDates } from '../domain/key-date.js';
import type { LocalisedText } from '../errors/kam-error.js';
import { csvCellText } from '../output/neutralise.js';
import { HALF_YEAR_EXPECTED, parseHalfYear } from '../relationship-plans/half-year.js';
import { ALERT_STATUSES } from '../store/port.js';
import { MONTH_EXPECTED, parseMonth } from '../time/parse-month.js';
import { type AmountResult, readFen, readYuan } from './amount.js';
import type { ImportKind } from './import-error.js';

/** A converted cell: the field value (`undefined` when empty) or the expected form. */
export type CellResult = { ok: true; value: unknown } | { ok: false; expected: LocalisedText };

/** One column a kind understands. */
export interface ColumnSpec {
  /** The schema field it fills (several columns may fill one field, e.g. yuan or fen). */
  field: string;
  /** Header names, English and Chinese, as written; matched after {@link normaliseHeader}. */
  names: readonly string[];
  /** What a valid cell looks like, in both locales. */
  expected: LocalisedText;
  /** Convert one cell; empty cells give `undefined`. */
  convert: (value: unknown) => CellResult;
  /** For money columns: whether cells are written in yuan or in fen. */
  unit?: 'yuan' | 'fen';
}

/** How a kind's columns are read. */
export interface KindColumns {
  kind: ImportKind;
  columns: readonly ColumnSpec[];
  /** Fields that must have a column (the id may be generated). */
  required: readonly string[];
  /** True when unknown columns become `attributes`; otherwise they are ignored. */
  keepsAttributes: boolean;
  /**
   * True when the record's id follows from the row itself (a unit's
   * narrative: `<division>|<period>`), so no import id is made for it.
   */
  derivedId?: boolean;
}

/** Normalise a header for matching: NFKC, lower case, no spaces, `_`, `-`, `.`. */
export function normaliseHeader(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-.·]+/g, '');
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function asText(value: unknown): string | undefined {
  if (isEmpty(value)) return undefined;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The text form of any cell value, for messages and the reject report. */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const ok = (value: unknown): CellResult => ({ ok: true, value });

function textColumn(field: string, names: readonly string[], expected: LocalisedText): ColumnSpec {
  return {
    field,
    names,
    expected,
    convert: (value) => {
      if (isEmpty(value)) return ok(undefined);
      const text = asText(value);
      return text === undefined ? { ok: false, expected } : ok(text);
    },
  };
}

const TEXT: LocalisedText = { 'zh-CN': '非空文本', en: 'non-empty text' };
const ID: LocalisedText = { 'zh-CN': '编号（非空文本）', en: 'an identifier (non-empty text)' };

function idColumn(field: string, names: readonly string[]): ColumnSpec {
  return textColumn(field, names, ID);
}

function moneyColumn(
  field: string,
  names: readonly string[],
  unit: 'yuan' | 'fen',
  allowNegative: boolean,
): ColumnSpec {
  const base: LocalisedText =
    unit === 'yuan'
      ? {
          'zh-CN': '以元为单位的金额，最多两位小数，如 1200.50、1,500,000 或 150万',
          en: 'an amount in yuan with at most 2 decimals, e.g. 1200.50, 1,500,000 or 150万',
        }
      : { 'zh-CN': '以分为单位的整数金额，如 120050', en: 'a whole number of fen, e.g. 120050' };
  const expected: LocalisedText = allowNegative
    ? base
    : { 'zh-CN': `不小于 0 的${base['zh-CN']}`, en: `a non-negative ${base.en.replace(/^an? /, '')}` };
  const read = unit === 'yuan' ? readYuan : readFen;
  return {
    field,
    names,
    expected,
    unit,
    convert: (value) => {
      if (isEmpty(value)) return ok(undefined);
      const text = asText(value);
      if (text === undefined) return { ok: false, expected };
      const result: AmountResult = read(text);
      if (!result.ok)
        return { ok: false, expected: { 'zh-CN': result.reason['zh-CN'], en: result.reason.en } };
      if (!allowNegative && result.fen < 0) {
        return {
          ok: false,
          expected: {
            'zh-CN': `不小于 0 的金额（金额不能为负数；退款请单独记录）`,
            en: 'a non-negative amount (amounts must not be negative; record refunds separately)',
          },
        };
      }
      return ok(result.fen);
    },
  };
}

const DATE_PATTERN = /^(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const DATE_EXPECTED: LocalisedText = {
  'zh-CN': '真实存在的日期，格式 YYYY-MM-DD（如 2026-03-05；也接受 2026/3/5、2026年3月5日）',
  en: 'a real calendar date YYYY-MM-DD (e.g. 2026-03-05; 2026/3/5 and 2026年3月5日 are accepted too)',
};

function pad(value: string): string {
  return value.padStart(2, '0');
}

/** Normalise a written date to `YYYY-MM-DD` (not yet checked to exist), or `undefined`. */
export function normaliseDate(text: string): string | undefined {
  const trimmed = text.normalize('NFKC').trim();
  const match = DATE_PATTERN.exec(trimmed) ?? COMPACT_DATE.exec(trimmed);
  if (!match) return undefined;
  return `${match[1]}-${pad(match[2]!)}-${pad(match[3]!)}`;
}

function dateColumn(field: string, names: readonly string[]): ColumnSpec {
  return {
    field,
    names,
    expected: DATE_EXPECTED,
    convert: (value) => {
      if (isEmpty(value)) return ok(undefined);
      const text = asText(value);
      const date = text === undefined ? undefined : normaliseDate(text);
      // Existence of the day (2026-13-01, 2026-02-30) is checked by the domain schema.
      return date === undefined ? { ok: false, expected: DATE_EXPECTED } : ok(date);
    },
  };
}

const DATETIME_PATTERN =
  /^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const DATETIME_EXPECTED: LocalisedText = {
  'zh-CN':
    '日期或日期时间，如 2026-03-05、2026-03-05 14:30 或 2026-03-05T14:30:00+08:00（未写时区按北京时间）',
  en: 'a date or date-time, e.g. 2026-03-05, 2026-03-05 14:30 or 2026-03-05T14:30:00+08:00 (no offset means Beijing time)',
};

/**
 * Normalise a written instant to ISO-8601 with offset. A bare date is midnight
 * and a missing offset is `+08:00` (Asia/Shanghai, which has no daylight time).
 */
export function normaliseDateTime(text: string): string | undefined {
  const match = DATETIME_PATTERN.exec(text.normalize('NFKC').trim());
  if (!match) return undefined;
  const date = normaliseDate(match[1]!);
  if (date === undefined) return undefined;
  const time = `${pad(match[2] ?? '0')}:${match[3] ?? '00'}:${match[4] ?? '00'}${match[5] ?? ''}`;
  const zone = match[6] ?? '+08:00';
  const offset =
    zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return `${date}T${time}${offset}`;
}

function dateTimeColumn(field: string, names: readonly string[]): ColumnSpec {
  return {
    field,
    names,
    expected: DATETIME_EXPECTED,
    convert: (value) => {
      if (isEmpty(value)) return ok(undefined);
      const text = asText(value);
      const instant = text === undefined ? undefined : normaliseDateTime(text);
      return instant === undefined ? { ok: false, expected: DATETIME_EXPECTED } : ok(instant);
    },
  };
}

function numberColumn(field: string, names: readonly string[]): ColumnSpec {
  const expected: LocalisedText = {
    'zh-CN': '不小于 0 的数字，如 1250.5',
    en: 'a non-negative number, e.g. 1250.5',
  };
  return {
    field,
    names,
    expected,
    convert: (value) => {
      if (isEmpty(value)) return ok(undefined);
      if (typeof value === 'number') return Number.isFinite(value) ? ok(value) : { ok: false, expected };
      const text = asText(value)?.normalize('NFKC').replaceAll(',', '');
      if (text === undefined || !/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) return { ok: false, expected };
      return ok(Number(text));
    },
  };
}

/** An enum column: the English value or its Chinese label (several labels may name one value). */
function choiceColumn(
  field: string,
  names: readonly string[],
  values: readonly string[],
  labels: Record<string, string>,
): ColumnSpec {
  const lookup = new Map<string, string>();
  for (const value of values) lookup.set(normaliseHeader(value), value);
  for (const [label, value] of Object.entries(labels)) lookup.set(normaliseHeader(label), value);
  const chinese = [...new Set(Object.keys(labels))].join('、');
  const expected: LocalisedText = {
    'zh-CN': `以下之一：${chinese}（或英文 ${values.join(', ')}）`,
    en: `one of: ${values.join(', ')} (or Chinese ${chinese})`,
  };
  return {
    field,
    names,
    expected,
    convert: (value) => {
      if (isEmpty(value)) return ok(undefined);
      const text = asText(value);
      const found = text === undefined ? undefined : lookup.get(normaliseHeader(text));
      return found === undefined ? { ok: false, expected } : ok(found);
    },
  };
}

function listColumn(field: string, names: readonly string[]): ColumnSpec {
  const expected: LocalisedText = {
    'zh-CN': '以、，; 或 | 分隔的文本列表',
    en: 'a list of texts separated by ; , 、 or |',
  };
  return {
    field,
    names,
    expected,
    convert: (value) => {
      if (isEmpty(value)) return ok(undefined);
      if (Array.isArray(value)) {
        return value.every((item) => typeof item === 'string')
          ? ok(value.map((item) => item.trim()))
          : { ok: false, expected };
      }
      const text = asText(value);
      if (text === undefined) return { ok: false, expected };
      return ok(
        text
          .split(/[;；,，、|]/)
          .map((item) => item.trim())
          .filter((item) => item !== ''),
      );
    },
  };
}

const ANNUAL_DATE_EXPECTED: LocalisedText = {
  'zh-CN': '月日或日期，如 06-18、6月18日、1980-06-18（年份可不填）',
  en: 'a month and day or a date, e.g. 06-18, 6月18日 or 1980-06-18 (the year may be left out)',
};

/** A yearly date: `MM-DD`, or a full date when the year is known (its existence is checked by the domain schema). */
function annualDateColumn(field: string, names: readonly string[]): ColumnSpec {
  return {
    field,
    names,
    expected: ANNUAL_DATE_EXPECTED,
    convert: (value) => {
      if (isEmpty(value)) return ok(undefined);
      const text = asText(value);
      const date = text === undefined ? undefined : normaliseAnnualDate(text);
      return date === undefined ? { ok: false, expected: ANNUAL_DATE_EXPECTED } : ok(date);
    },
  };
}

const ACCOUNT_DATES_EXPECTED: LocalisedText = {
  'zh-CN':
    '以 ; 分隔的“类别 日期 [说明] [一次]”，类别为开业纪念日、纪念日、项目节点、荣誉或其他，如“开业纪念日 2003-06-18; 荣誉 2026-11-02 获评物流百强 一次”',
  en: 'entries "kind date [label] [once]" separated by ;, the kind one of founding, anniversary, milestone, honour, other (or 开业纪念日, 纪念日, 项目节点, 荣誉, 其他), e.g. "founding 2003-06-18; honour 2026-11-02 Top-100 award once"',
};

/** An account's key dates in one cell (see `parseAccountDates`), or as a list of objects. */
function accountDatesColumn(field: string, names: readonly string[]): ColumnSpec {
  return {
    field,
    names,
    expected: ACCOUNT_DATES_EXPECTED,
    convert: (value) => {
      if (isEmpty(value)) return ok(undefined);
      if (Array.isArray(value)) return ok(value);
      const text = asText(value);
      if (text === undefined) return { ok: false, expected: ACCOUNT_DATES_EXPECTED };
      const parsed = parseAccountDates(text);
      if (parsed.ok) return ok(parsed.value);
      if (parsed.reason === 'once-without-year')
        return {
          ok: false,
          expected: {
            'zh-CN': `一次性的日子须写年份（YYYY-MM-DD）：“${parsed.entry}”`,
            en: `a one-off date with its year (YYYY-MM-DD): "${parsed.entry}"`,
          },
        };
      return {
        ok: false,
        expected: {
          'zh-CN': `${ACCOUNT_DATES_EXPECTED['zh-CN']}；无法识别“${parsed.entry}”`,
          en: `${ACCOUNT_DATES_EXPECTED.en}; cannot read "${parsed.entry}"`,
        },
      };
    },
  };
}

function attributesColumn(): ColumnSpec {
  const expected: LocalisedText = {
    'zh-CN': '键值对象，值为文本、数字、布尔或 null',
    en: 'an object of text, number, boolean or null values',
  };
  return {
    field: 'attributes',
    names: ['attributes'],
    expected,
    convert: (value) => {
      if (isEmpty(value)) return ok(undefined);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return ok(value);
      if (typeof value === 'string') {
        try {
          const parsed: unknown = JSON.parse(value);
          if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return ok(parsed);
        } catch {
          return { ok: false, expected };
        }
      }
      return { ok: false, expected };
    },
  };
}

const ACCOUNT_REFERENCE = ['accountid', 'account', '客户编号', '客户编码', '客户id', '客户代码'];

const ACCOUNT_TYPE_LABELS: Record<string, (typeof ACCOUNT_TYPES)[number]> = {
  政府: 'government',
  政府机关: 'government',
  国企: 'soe',
  国有企业: 'soe',
  央企: 'soe',
  民企: 'private',
  民营企业: 'private',
  私营企业: 'private',
  外企: 'multinational',
  外资企业: 'multinational',
  跨国公司: 'multinational',
  世界500强: 'fortune500',
  事业单位: 'institution',
};

function invert(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).map(([value, label]) => [label, value]));
}

const ACCOUNTS: KindColumns = {
  kind: 'accounts',
  keepsAttributes: true,
  required: ['name', 'division'],
  columns: [
    idColumn('id', ['id', 'accountid', '客户编号', '客户编码', '客户id', '客户代码', '编号']),
    textColumn(
      'name',
      ['name', 'accountname', '客户名称', '客户全称', '名称', '全称', '单位名称', '企业名称'],
      TEXT,
    ),
    textColumn('shortName', ['shortname', '简称', '客户简称'], TEXT),
    listColumn('aliases', ['aliases', 'alias', '别名', '曾用名']),
    idColumn('parentId', [
      'parentid',
      'parent',
      '上级客户编号',
      '上级客户',
      '上级单位编号',
      '母公司编号',
      '集团编号',
    ]),
    choiceColumn(
      'type',
      ['type', 'accounttype', '客户类型', '类型', '单位性质'],
      ACCOUNT_TYPES,
      ACCOUNT_TYPE_LABELS,
    ),
    textColumn('industry', ['industry', '行业', '所属行业'], TEXT),
    textColumn('region', ['region', '地区', '区域', '所在地区', '省份'], TEXT),
    textColumn('division', ['division', '事业部', '部门', '所属部门', '所属事业部', '归属单位'], TEXT),
    listColumn('flags', ['flags', 'flag', 'tags', '标记', '标签']),
    idColumn('ownerA', ['ownera', 'owner', '客户经理', '客户经理a', 'a角', 'a角客户经理', '主办客户经理']),
    idColumn('ownerB', ['ownerb', '客户经理b', 'b角', 'b角客户经理', '协办客户经理']),
    dateTimeColumn('createdAt', ['createdat', '创建时间', '建档时间']),
    accountDatesColumn('keyDates', ['keydates', '纪念日', '客户纪念日', '重要日期']),
    attributesColumn(),
  ],
};

const CONTACTS: KindColumns = {
  kind: 'contacts',
  keepsAttributes: true,
  required: ['accountId', 'name'],
  columns: [
    idColumn('id', ['id', 'contactid', '联系人编号', '联系人id', '编号']),
    idColumn('accountId', ACCOUNT_REFERENCE),
    textColumn('name', ['name', 'contactname', '姓名', '联系人', '联系人姓名'], TEXT),
    textColumn('title', ['title', '职务', '职位', '头衔'], TEXT),
    choiceColumn('role', ['role', '角色', '关系角色'], CONTACT_ROLES, {
      ...invert(CONTACT_ROLE_LABELS),
      关键人物: 'key-person',
    }),
    choiceColumn('level', ['level', '层级', '级别'], ['executive', 'middle', 'operational'], {
      高层: 'executive',
      决策层: 'executive',
      中层: 'middle',
      管理层: 'middle',
      基层: 'operational',
      执行层: 'operational',
      操作层: 'operational',
    }),
    choiceColumn(
      'stage',
      ['stage', '关系阶段', '阶段'],
      RELATIONSHIP_STAGES,
      invert(RELATIONSHIP_STAGE_LABELS),
    ),
    textColumn('phone', ['phone', 'mobile', '电话', '手机', '联系电话', '手机号'], TEXT),
    textColumn('email', ['email', '邮箱', '电子邮箱', '电子邮件'], {
      'zh-CN': '电子邮箱地址，如 li@example.com',
      en: 'an email address, e.g. li@example.com',
    }),
    annualDateColumn('birthday', ['birthday', 'birthdate', '生日', '出生日期']),
    attributesColumn(),
  ],
};

const TRANSACTIONS: KindColumns = {
  kind: 'transactions',
  keepsAttributes: false,
  required: ['accountId', 'date', 'amountFen'],
  columns: [
    idColumn('id', ['id', 'transactionid', '交易编号', '流水号', '单号', '订单号', '编号']),
    idColumn('accountId', ACCOUNT_REFERENCE),
    dateColumn('date', ['date', '日期', '交易日期', '业务日期', '消费日期', '出票日期']),
    moneyColumn(
      'amountFen',
      ['amount', 'amountyuan', '金额', '金额(元)', '交易金额', '交易金额(元)', '消费金额', '消费金额(元)'],
      'yuan',
      false,
    ),
    moneyColumn('amountFen', ['amountfen', '金额(分)', '交易金额(分)'], 'fen', false),
    textColumn(
      'category',
      ['category', '类别', '类别/航线', '航线', '品类', '产品', '业务类别', '业务类型', '产品类别'],
      TEXT,
    ),
    numberColumn('units', ['units', 'quantity', '数量', '里程', '用量']),
    textColumn('unit', ['unit', '单位', '计量单位'], TEXT),
    moneyColumn('costFen', ['cost', 'costyuan', '成本', '成本(元)'], 'yuan', false),
    moneyColumn('costFen', ['costfen', '成本(分)'], 'fen', false),
    moneyColumn('profitFen', ['profit', 'profityuan', '利润', '利润(元)', '毛利', '毛利(元)'], 'yuan', true),
    moneyColumn('profitFen', ['profitfen', '利润(分)'], 'fen', true),
    moneyColumn(
      'marketTotalFen',
      ['markettotal', 'markettotalyuan', '市场总额', '市场总额(元)', '总采购额', '总采购额(元)'],
      'yuan',
      false,
    ),
    moneyColumn('marketTotalFen', ['markettotalfen', '市场总额(分)', '总采购额(分)'], 'fen', false),
  ],
};

const INTERACTION_KIND_LABELS: Record<string, (typeof INTERACTION_KINDS)[number]> = {
  电话: 'call',
  来电: 'call',
  拜访: 'visit',
  走访: 'visit',
  会议: 'meeting',
  邮件: 'email',
  短信: 'message',
  微信: 'message',
  消息: 'message',
  礼品: 'gift',
  节日问候: 'festival-greeting',
  贺卡: 'card',
  档案更新: 'profile-update',
  投诉回访: 'complaint-follow-up',
  其他: 'other',
};

const INTERACTIONS: KindColumns = {
  kind: 'interactions',
  keepsAttributes: false,
  required: ['accountId', 'kind', 'at', 'userId'],
  columns: [
    idColumn('id', ['id', 'interactionid', '记录编号', '编号']),
    idColumn('accountId', ACCOUNT_REFERENCE),
    choiceColumn(
      'kind',
      ['kind', 'type', '类型', '方式', '联系方式', '接触方式'],
      INTERACTION_KINDS,
      INTERACTION_KIND_LABELS,
    ),
    dateTimeColumn('at', [
      'at',
      'datetime',
      'time',
      'date',
      '时间',
      '日期',
      '日期时间',
      '联系时间',
      '拜访时间',
    ]),
    idColumn('userId', ['userid', 'user', '员工编号', '经办人', '客户经理', '人员编号']),
    choiceColumn('actorLevel', ['actorlevel', '人员级别', '我方级别'], ACTOR_LEVELS, {
      专员: 'specialist',
      主管: 'supervisor',
      高管: 'executive',
      领导: 'executive',
    }),
    idColumn('contactId', ['contactid', '联系人编号']),
    textColumn('note', ['note', 'notes', '备注', '内容', '纪要', '记录'], TEXT),
  ],
};

const PAYMENTS: KindColumns = {
  kind: 'payments',
  keepsAttributes: false,
  required: ['accountId', 'date', 'amountFen'],
  columns: [
    idColumn('id', ['id', 'paymentid', '回款编号', '收款编号', '回款单号', '收款单号', '流水号', '编号']),
    idColumn('accountId', ACCOUNT_REFERENCE),
    dateColumn('date', [
      'date',
      'receivedon',
      'receivedat',
      '日期',
      '回款日期',
      '收款日期',
      '到账日期',
      '入账日期',
    ]),
    moneyColumn(
      'amountFen',
      [
        'amount',
        'amountyuan',
        '金额',
        '金额(元)',
        '回款金额',
        '回款金额(元)',
        '收款金额',
        '收款金额(元)',
        '到账金额',
        '到账金额(元)',
      ],
      'yuan',
      false,
    ),
    moneyColumn('amountFen', ['amountfen', '金额(分)', '回款金额(分)', '收款金额(分)'], 'fen', false),
    textColumn(
      'invoice',
      ['invoice', 'reference', 'invoiceno', '发票号', '发票号码', '发票', '凭证号', '参考号'],
      TEXT,
    ),
    textColumn('note', ['note', 'notes', '备注', '摘要', '说明'], TEXT),
  ],
};

const COMPLAINTS: KindColumns = {
  kind: 'complaints',
  keepsAttributes: false,
  required: ['accountId', 'channel', 'summary', 'receivedAt'],
  columns: [
    idColumn('id', ['id', 'complaintid', '投诉编号', '工单号', '编号']),
    idColumn('accountId', ACCOUNT_REFERENCE),
    choiceColumn(
      'channel',
      ['channel', '渠道', '投诉渠道', '来源'],
      ['phone', 'letter', 'visit', 'online', 'other'],
      {
        电话: 'phone',
        来电: 'phone',
        信函: 'letter',
        来信: 'letter',
        来访: 'visit',
        上门: 'visit',
        网上: 'online',
        网络: 'online',
        其他: 'other',
      },
    ),
    idColumn('type', ['type', '类型', '投诉类型', '类别']),
    textColumn('summary', ['summary', '内容', '投诉内容', '摘要', '事由'], TEXT),
    dateTimeColumn('receivedAt', ['receivedat', 'date', '时间', '日期', '受理时间', '投诉时间']),
    idColumn('assignedTo', ['assignedto', '责任人', '处理人']),
    dateTimeColumn('assignedAt', ['assignedat', '转办时间', '派单时间']),
    textColumn('causeAnalysis', ['causeanalysis', '原因分析'], TEXT),
    textColumn('measures', ['measures', '整改措施', '处理措施'], TEXT),
    dateTimeColumn('analysedAt', ['analysedat', '分析时间']),
    dateTimeColumn('resolvedAt', ['resolvedat', '答复时间', '办结时间', '解决时间']),
    dateTimeColumn('followedUpAt', ['followedupat', '回访时间']),
  ],
};

const CONTRACTS: KindColumns = {
  kind: 'contracts',
  keepsAttributes: false,
  required: ['id', 'accountId', 'parties', 'type', 'scope', 'startDate', 'endDate'],
  columns: [
    idColumn('id', ['id', 'contractid', 'contractno', '合同编号', '合同号', '协议编号', '编号']),
    idColumn('accountId', ACCOUNT_REFERENCE),
    textColumn('title', ['title', 'name', '合同名称', '协议名称', '名称'], TEXT),
    listColumn('parties', ['parties', 'party', '签约方', '合同方', '当事方']),
    choiceColumn(
      'type',
      ['type', 'contracttype', '合同类型', '类型'],
      ['service', 'supply', 'framework', 'other'],
      {
        服务: 'service',
        服务合同: 'service',
        供货: 'supply',
        供货合同: 'supply',
        供应: 'supply',
        框架: 'framework',
        框架协议: 'framework',
        其他: 'other',
      },
    ),
    choiceColumn('scope', ['scope', '范围', '协议范围', '适用范围'], ['national', 'regional'], {
      全国: 'national',
      全国性: 'national',
      区域: 'regional',
      区域性: 'regional',
      地区: 'regional',
    }),
    dateColumn('startDate', ['startdate', 'start', 'from', '开始日期', '生效日期', '起始日期']),
    dateColumn('endDate', ['enddate', 'end', 'until', '结束日期', '到期日期', '终止日期', '截止日期']),
    choiceColumn('renewal', ['renewal', '续约方式', '续签方式'], ['auto', 'manual'], {
      自动: 'auto',
      自动续期: 'auto',
      手动: 'manual',
      手动续签: 'manual',
    }),
    numberColumn('noticeDays', ['noticedays', 'notice', '提前通知天数', '续约提前天数']),
    moneyColumn(
      'committedFen',
      ['committed', 'committedyuan', 'amount', '合同金额', '约定金额', '承诺金额', '合同金额(元)'],
      'yuan',
      false,
    ),
    moneyColumn('committedFen', ['committedfen', '合同金额(分)'], 'fen', false),
    moneyColumn(
      'actualFen',
      ['actual', 'actualyuan', 'fulfilled', '已履行金额', '实际金额', '履约金额', '实际金额(元)'],
      'yuan',
      false,
    ),
    moneyColumn('actualFen', ['actualfen', '实际金额(分)'], 'fen', false),
    choiceColumn('status', ['status', '状态'], ['active', 'closed'], {
      有效: 'active',
      执行中: 'active',
      已终止: 'closed',
      终止: 'closed',
    }),
    dateColumn('closedOn', ['closedon', '终止于', '实际终止日期']),
    textColumn('closeReason', ['closereason', '终止原因'], TEXT),
  ],
};

const TASKS: KindColumns = {
  kind: 'tasks',
  keepsAttributes: false,
  required: ['id', 'accountId', 'assigneeId', 'assignedBy', 'title', 'dueDate'],
  columns: [
    idColumn('id', ['id', 'taskid', '任务编号', '编号']),
    idColumn('accountId', ACCOUNT_REFERENCE),
    idColumn('assigneeId', ['assigneeid', 'assignee', 'to', '执行人', '负责人', '承办人', '员工编号']),
    idColumn('assignedBy', ['assignedby', 'by', 'manager', '指派人', '派发人', '布置人']),
    textColumn('title', ['title', 'task', 'what', '任务', '任务内容', '内容', '事项'], TEXT),
    textColumn('detail', ['detail', 'details', 'note', '说明', '备注', '要求'], TEXT),
    dateColumn('dueDate', ['duedate', 'due', 'deadline', '截止日期', '完成期限', '到期日期', '期限']),
    choiceColumn(
      'kind',
      ['kind', 'type', '方式', '类型', '完成方式'],
      INTERACTION_KINDS,
      INTERACTION_KIND_LABELS,
    ),
    dateColumn('planWeek', ['planweek', 'week', '计划周', '计划周（周一）']),
    dateTimeColumn('createdAt', ['createdat', 'assignedat', '指派时间', '下达时间']),
  ],
};

const ANSWERS_EXPECTED: LocalisedText = {
  'zh-CN': '按题目给分，如 overall=5; service=4（JSONL 中可为对象 {"overall":5}），分数为整数',
  en: 'scores by question, e.g. overall=5; service=4 (in JSONL an object {"overall":5}), whole numbers',
};

/** Survey answers: `overall=5; service=4` (also `:`, `,`, `，`, `；`, `|`) or an object of whole numbers. */
function answersColumn(): ColumnSpec {
  const fail = { ok: false as const, expected: ANSWERS_EXPECTED };
  return {
    field: 'answers',
    names: ['answers', 'scores', '回答', '评分', '答案', '各题得分'],
    expected: ANSWERS_EXPECTED,
    convert: (value) => {
      if (isEmpty(value)) return ok(undefined);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        const entries = Object.entries(value);
        return entries.every(([, score]) => typeof score === 'number' && Number.isInteger(score))
          ? ok(Object.fromEntries(entries))
          : fail;
      }
      const text = asText(value)?.normalize('NFKC');
      if (text === undefined) return fail;
      const answers: Record<string, number> = {};
      for (const part of text
        .split(/[;,|]/u)
        .map((item) => item.trim())
        .filter((item) => item !== '')) {
        const match = /^([^=:\s]+)\s*[=:]\s*(-?\d+)$/u.exec(part);
        if (!match) return fail;
        answers[match[1]!] = Number(match[2]);
      }
      return Object.keys(answers).length === 0 ? fail : ok(answers);
    },
  };
}

const SURVEYS: KindColumns = {
  kind: 'surveys',
  keepsAttributes: false,
  required: ['accountId', 'answers', 'respondedAt'],
  columns: [
    idColumn('id', ['id', 'responseid', '问卷编号', '答卷编号', '编号']),
    idColumn('accountId', ACCOUNT_REFERENCE),
    idColumn('contactId', ['contactid', 'contact', '联系人编号', '受访人编号', '联系人']),
    idColumn('surveyId', ['surveyid', 'survey', '问卷', '问卷类型', '调查问卷']),
    answersColumn(),
    choiceColumn('channel', ['channel', '渠道', '来源'], ['chat', 'link', 'import', 'cli'], {
      聊天: 'chat',
      问卷链接: 'link',
      链接: 'link',
      导入: 'import',
      命令行: 'cli',
    }),
    dateTimeColumn('respondedAt', [
      'respondedat',
      'date',
      '日期',
      '时间',
      '调查时间',
      '填写时间',
      '回答时间',
    ]),
    idColumn('recordedBy', ['recordedby', '记录人', '录入人']),
    textColumn('comment', ['comment', '意见', '建议', '备注', '客户意见'], TEXT),
  ],
};

function monthColumn(field: string, names: readonly string[]): ColumnSpec {
  return {
    field,
    names,
    expected: MONTH_EXPECTED,
    convert: (value) => {
      if (isEmpty(value)) return ok(undefined);
      const text = asText(value);
      const month = text === undefined ? undefined : parseMonth(text);
      return month === undefined ? { ok: false, expected: MONTH_EXPECTED } : ok(month);
    },
  };
}

/** A narrative text: either may be empty, not both (an empty cell keeps the stored text). */
const EITHER_TEXT: LocalisedText = {
  'zh-CN': '文本；做得好的与下月工作计划至少填一项',
  en: 'text; give what went well, next month’s plan, or both',
};

const UNIT_PLANS: KindColumns = {
  kind: 'unit-plans',
  keepsAttributes: false,
  derivedId: true,
  required: ['division', 'period'],
  columns: [
    idColumn('division', ['division', 'unit', '单位', '事业部', '部门', '所属单位']),
    monthColumn('period', ['period', 'month', '月份', '期间', '所属月份']),
    textColumn(
      'wentWell',
      ['wentwell', 'goodpractice', '做得好的', '好的做法', '经验做法', '工作亮点'],
      EITHER_TEXT,
    ),
    textColumn(
      'nextPlan',
      ['nextplan', 'plan', '下月工作计划', '下月计划', '本月工作计划', '工作计划'],
      EITHER_TEXT,
    ),
  ],
};

function halfYearColumn(field: string, names: readonly string[]): ColumnSpec {
  return {
    field,
    names,
    expected: HALF_YEAR_EXPECTED,
    convert: (value) => {
      if (isEmpty(value)) return ok(undefined);
      const text = asText(value);
      const halfYear = text === undefined ? undefined : parseHalfYear(text);
      return halfYear === undefined ? { ok: false, expected: HALF_YEAR_EXPECTED } : ok(halfYear);
    },
  };
}

/** Text that KAMkit may have exported itself ({@link csvCellText}). */
function exportedTextColumn(field: string, names: readonly string[], expected: LocalisedText): ColumnSpec {
  const column = textColumn(field, names, expected);
  return {
    ...column,
    convert: (value) => column.convert(typeof value === 'string' ? csvCellText(value) : value),
  };
}

/** A month written as the alerts list shows it (`2026-10`, `2026年10月`…), or the period as written. */
function periodColumn(field: string, names: readonly string[]): ColumnSpec {
  return {
    field,
    names,
    expected: MONTH_EXPECTED,
    convert: (value) => {
      const text = asText(value);
      return text === undefined ? ok(undefined) : ok(parseMonth(text) ?? text);
    },
  };
}

/** A plan's section: any may be empty, not all (an empty cell keeps the stored text). */
const ANY_SECTION: LocalisedText = {
  'zh-CN': '文本；关系目标、行动计划、进展与调整至少填一项',
  en: 'text; give goals, actions, progress, or several',
};

const RELATIONSHIP_PLANS: KindColumns = {
  kind: 'relationship-plans',
  keepsAttributes: false,
  derivedId: true,
  required: ['accountId', 'halfYear'],
  columns: [
    idColumn('accountId', ACCOUNT_REFERENCE),
    halfYearColumn('halfYear', ['halfyear', 'half', 'period', '半年度', '半年', '期间', '年度半年']),
    textColumn('goals', ['goals', 'goal', '关系目标', '目标', '发展目标'], ANY_SECTION),
    textColumn('actions', ['actions', 'action', '行动计划', '行动', '措施'], ANY_SECTION),
    textColumn('progress', ['progress', '进展与调整', '进展', '调整', '进展情况'], ANY_SECTION),
  ],
};

/** A stored alert: its id as `kamkit alerts list` shows it, or the monitor, account and month it is made of. */
const ALERT_REFERENCE: LocalisedText = {
  'zh-CN':
    '预警编号（kamkit alerts list 中显示的，如 fluctuation|A1|2026-10），或同时填写监测项、客户编号和月份',
  en: 'an alert id as kamkit alerts list shows it (e.g. fluctuation|A1|2026-10), or the monitor, account and month columns',
};

const ALERTS: KindColumns = {
  kind: 'alerts',
  keepsAttributes: false,
  // The id is the stored alert's, given or made of monitor, account and month.
  derivedId: true,
  required: [],
  columns: [
    textColumn('id', ['id', 'alertid', '预警编号', '预警id', '编号'], ALERT_REFERENCE),
    idColumn('accountId', ACCOUNT_REFERENCE),
    idColumn('monitorId', ['monitorid', 'monitor', '监测项', '监测项编号', '预警规则']),
    periodColumn('period', ['period', 'month', '月份', '期间', '所属月份']),
    choiceColumn(
      'status',
      ['status', '状态', '处理状态'],
      ALERT_STATUSES,
      Object.fromEntries([
        ...ALERT_STATUSES.map((status) => [ALERT_STATUS_LABELS[status]['zh-CN'], status] as const),
        ['已说明', 'explained'],
        ['关闭', 'closed'],
      ]),
    ),
    idColumn('assignee', ['assignee', 'assigneeid', '负责人', '处理人', '承办人']),
    textColumn('cause', ['cause', '原因', '预警原因', '原因分类'], {
      'zh-CN': '预警策略的原因之一（编号或名称）',
      en: "one of the alert policy's causes (id or label)",
    }),
    // As `kamkit alerts list --format csv` wrote it: a note guarded against formulas reads back as it was.
    exportedTextColumn('note', ['note', '备注', '说明', '情况说明', '原因说明'], TEXT),
  ],
};

/** The column vocabulary of every kind. */
export const KIND_COLUMNS: Record<ImportKind, KindColumns> = {
  accounts: ACCOUNTS,
  contacts: CONTACTS,
  transactions: TRANSACTIONS,
  interactions: INTERACTIONS,
  payments: PAYMENTS,
  complaints: COMPLAINTS,
  contracts: CONTRACTS,
  tasks: TASKS,
  surveys: SURVEYS,
  'unit-plans': UNIT_PLANS,
  'relationship-plans': RELATIONSHIP_PLANS,
  alerts: ALERTS,
};

const indexes = new Map<ImportKind, Map<string, ColumnSpec>>();

/** Find the column spec a header names for `kind`, or `undefined` when the header is not known. */
export function columnFor(kind: ImportKind, header: string): ColumnSpec | undefined {
  let index = indexes.get(kind);
  if (!index) {
    index = new Map();
    for (const column of KIND_COLUMNS[kind].columns) {
      for (const name of column.names) index.set(normaliseHeader(name), column);
    }
    indexes.set(kind, index);
  }
  return index.get(normaliseHeader(header));
}
