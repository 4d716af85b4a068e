import type { LocalisedText } from '../errors/kam-error.js';
import {
  defaultSurvey,
  type SurveyDefinition,
  surveyPresets,
  surveyScaleText,
} from '../satisfaction/survey.js';

/**
 * The help text: every command in Chinese and English.
 *
 * @param options - `survey`: the survey chat records with, whose questions
 *   `满意度 ‹客户› 5 4 5` answers in order (default: the shipped `standard`;
 *   the engine passes the first of `policies.surveys`).
 */
export function helpText(options: { survey?: SurveyDefinition } = {}): LocalisedText {
  const survey = options.survey ?? defaultSurvey(surveyPresets());
  const scale = surveyScaleText(survey);
  const zhQuestions = survey.questions.map((question) => question.text['zh-CN']).join('、');
  const enQuestions = survey.questions.map((question) => question.id).join(', ');
  return {
    'zh-CN': [
      '可用命令：',
      '查询 ‹客户›　客户状态卡：分级与升级差距、本月收入与环比同比、近 12 个月走势、下一步、客户经理和关键联系人（全称、简称或别名均可；也可以只发客户名，或问「‹客户›怎么样」）',
      '为什么 ‹客户›　分级依据、门槛、升级路径和贡献值构成（分级 ‹客户› 同）',
      '谁负责 ‹客户› / ‹客户›的客户经理是谁　客户经理（A 角、B 角）',
      '‹客户›的联系人　联系人、角色（决策人 / 关键人 / 内线 / 向导）和关系阶段',
      '‹客户› 上次联系　上次和下次联系',
      '变化最大　我的客户中本月收入环比变化最大的（按金额）',
      '报表 [客户] [期间]　客户报表（期间如 2026-10、2026-Q3、2026）；不写客户为组合分析',
      '待办 [逾期|客户]　按紧急程度和客户分组的服务动作；待办 逾期 只看逾期，待办 ‹客户› 只看一个客户',
      '更多　列表的下一页',
      '预警　我能看到的客户的预警',
      '解释预警 ‹编号› ‹原因› [备注]　记录预警原因（员工、报价、服务、一次性、其他……）',
      '投诉　未结投诉、答复时限和升级',
      '合同 [客户]　合同的期限、续约和履约；即将到期的合同也列入待办',
      '任务　指派给我的未完成任务（截止日期、指派人）；也列入待办',
      '完成任务 ‹编号› [备注]　完成任务，记为一条拜访记录',
      '指派 ‹客户› 给 ‹用户› ‹内容› ‹日期›　向员工指派任务（管理人员），日期写作 2026-11-20',
      `满意度 [客户] [分数…]　客户满意度指数（0–100）和最近的问卷；满意度 ‹客户› 5 4 5 按题目顺序记录一份问卷（${zhQuestions}，${scale} 分）`,
      '本月总结 [月份]　本单位的月度小结（做得好的、下月工作计划），默认为报表所在月份；做得好的：‹内容›、下月计划：‹内容› 填写一项（另一个月：下月计划 2026-10：‹内容›；仅私聊，需有填写权限）',
      '归属申请 [‹客户编号›：‹理由›]　列出或为本单位申请他单位客户的归属；接受申请 ‹编号›：‹说明›、异议 ‹编号›：‹说明›（被申请单位管理员），裁决 ‹编号› 划转|维持：‹说明›（上级；仅私聊）',
      '关系计划 ‹客户›　本半年的客户关系发展计划；关系计划 ‹客户› 目标：‹关键人与要达到的关系›（行动：、进展：同理）编写或调整；提交关系计划 ‹客户›；上级：批准关系计划 ‹客户›、退回关系计划 ‹客户›：‹原因›（写入仅私聊）',
      '评价 [编号]　待完成的 360 度评价；逐题作答，可发 上一题、跳过、评语 ‹内容›、保存、提交',
      '绑定 ‹绑定码›　绑定聊天账号',
      '绑定码 ‹用户› [微信|slack]　为该用户生成绑定码（管理员，仅私聊）',
      '帮助　显示本说明',
    ].join('\n'),
    en: [
      'Commands:',
      'status ‹account›  the account status card: tier and the gap to the next, revenue with MoM and YoY, 12-month trend, next action, owners and key contact (full name, short name or alias; the name alone, or "how is ‹account› doing?", works too)',
      'why ‹account›  why the account has its tier: rule, thresholds, upgrade path and score breakdown (same as tier ‹account›)',
      'who owns ‹account›  its account managers (A and B)',
      'contacts of ‹account›  contacts, their roles (decision maker, key person, insider, guide) and relationship stage',
      'last contact ‹account›  the last and the next contact',
      'movers  your accounts whose revenue moved most since last month (by amount)',
      'report [account] [period]  account report (period e.g. 2026-10, 2026-Q3, 2026); without an account: portfolio analysis',
      'due [overdue|account]  service actions by urgency and account; due overdue for overdue only, due ‹account› for one account',
      'more  the next page of a list',
      'alerts  alerts on the accounts you can see',
      'explain alert ‹number› ‹cause› [note]  record the cause of an alert (staff, price, service, one-off, other…)',
      'complaints  open complaints, their deadline and escalation',
      'contracts [account]  contracts: term, renewal and fulfilment; expiring ones are on the due list too',
      'tasks  your open tasks (due date, who assigned them); they are on the due list too',
      'done ‹id› [note]  complete a task, recorded as an interaction',
      'assign ‹account› to ‹user› ‹what› ‹YYYY-MM-DD›  assign a task to a member of staff (managers)',
      `satisfaction [account] [scores…]  the satisfaction index (0–100) and latest responses; satisfaction ‹account› 5 4 5 records a response, answers in question order (${enQuestions}; ${scale})`,
      "unit plan [month]  your unit's monthly narrative (what went well, next month's plan), by default of the month the figures are shown for; went well: ‹text› or plan: ‹text› writes one (another month: plan 2026-10: ‹text›; private chat only, for those who may write it)",
      "claims / claim ‹account›: ‹reason›  list attribution claims, or claim another unit's account for yours; accept claim ‹id›: ‹note› or contest claim ‹id›: ‹note› (the holding unit's admin), decide claim ‹id› move|keep: ‹note› (the level above; private chat only)",
      'relationship plan ‹account›  this half-year’s relationship development plan; relationship plan ‹account› goals: ‹who, what to reach› (actions:, progress: likewise) writes or adjusts it; submit relationship plan ‹account›; supervisors: approve relationship plan ‹account›, return relationship plan ‹account›: ‹why› (writes in a private chat only)',
      'review [number]  your pending 360° reviews; answer item by item, or send back, skip, comment ‹text›, save, submit',
      'bind ‹code›  link this chat account',
      'binding code for ‹user› [on slack|wechat]  a binding code for that user (administrators, private chat only)',
      'help  this text',
    ].join('\n'),
  };
}
