import { KAM_ERROR_CODES, KamError, type LocalisedText } from '../errors/kam-error.js';
import { PERMISSION_LABELS, type Permission } from './permissions.js';

/** Record kinds a scoped store can name in an error. */
export type RecordKind =
  | 'account'
  | 'user'
  | 'contract'
  | 'claim'
  | 'task'
  | 'division'
  | 'unit-plan'
  | 'relationship-plan'
  | 'survey-response';

const NOUNS: Record<RecordKind, LocalisedText> = {
  account: { 'zh-CN': '客户', en: 'account' },
  user: { 'zh-CN': '用户', en: 'user' },
  contract: { 'zh-CN': '合同', en: 'contract' },
  claim: { 'zh-CN': '归属申请', en: 'attribution claim' },
  task: { 'zh-CN': '任务', en: 'task' },
  division: { 'zh-CN': '单位', en: 'division' },
  'unit-plan': { 'zh-CN': '单位月度小结', en: 'unit narrative' },
  'relationship-plan': { 'zh-CN': '客户关系发展计划', en: 'relationship plan' },
  'survey-response': { 'zh-CN': '满意度问卷回答', en: 'survey response' },
};

/**
 * The one error for a record that does not exist *or* that the caller may not
 * see: the two are indistinguishable by design (same code, same message).
 */
export function hiddenOrMissing(kind: RecordKind, id: string): KamError {
  return new KamError({
    code: KAM_ERROR_CODES.NOT_FOUND,
    message: { 'zh-CN': `未找到${NOUNS[kind]['zh-CN']}：${id}`, en: `No ${NOUNS[kind].en} found: ${id}` },
  });
}

/** The caller may see the record but not do this to it. */
export function forbidden(permission: Permission, id: string, path?: string): KamError {
  const label = PERMISSION_LABELS[permission];
  return new KamError({
    code: KAM_ERROR_CODES.FORBIDDEN,
    path,
    message: { 'zh-CN': `无权${label['zh-CN']}：${id}`, en: `Not allowed to ${label.en}: ${id}` },
  });
}

/** A frozen (or unknown) user is refused everything. */
export function accessFrozen(userId: string): KamError {
  return new KamError({
    code: KAM_ERROR_CODES.FORBIDDEN,
    message: {
      'zh-CN': `用户 ${userId} 的访问权限已冻结或不存在`,
      en: `Access of user ${userId} is frozen or the user does not exist`,
    },
  });
}

/** A bad argument to a scoped operation, naming the field. */
export function invalidInput(path: string, message: LocalisedText): KamError {
  return new KamError({ code: KAM_ERROR_CODES.INVALID_INPUT, path, message });
}
