import type { LocalisedText } from '../errors/kam-error.js';

/** The help text: every command in Chinese and English. */
export function helpText(): LocalisedText {
  return {
    'zh-CN': [
      '可用命令：',
      '查询 ‹客户›　客户状态卡（全称、简称或别名均可）',
      '分级 ‹客户›　分级、依据和升级路径',
      '谁负责 ‹客户› / ‹客户›的客户经理是谁　客户经理（A 角、B 角）',
      '‹客户›的联系人　联系人、角色（决策人 / 关键人 / 内线 / 向导）和关系阶段',
      '‹客户› 上次联系　上次和下次联系',
      '报表 [客户] [期间]　客户报表（期间如 2026-10、2026-Q3、2026）；不写客户为组合分析',
      '待办　到期和逾期的服务动作',
      '预警　我能看到的客户的预警',
      '解释预警 ‹编号› ‹原因› [备注]　记录预警原因（员工、报价、服务、一次性、其他……）',
      '投诉　未结投诉、答复时限和升级',
      '评价 [编号]　待完成的 360 度评价；逐题作答，可发 上一题、跳过、评语 ‹内容›、保存、提交',
      '绑定 ‹绑定码›　绑定聊天账号',
      '绑定码 ‹用户› [微信|slack]　为该用户生成绑定码（管理员，仅私聊）',
      '帮助　显示本说明',
    ].join('\n'),
    en: [
      'Commands:',
      'status ‹account›  the account status card (full name, short name or alias)',
      'tier ‹account›  tier, why, and the upgrade path',
      'who owns ‹account›  its account managers (A and B)',
      'contacts of ‹account›  contacts, their roles (decision maker, key person, insider, guide) and relationship stage',
      'last contact ‹account›  the last and the next contact',
      'report [account] [period]  account report (period e.g. 2026-10, 2026-Q3, 2026); without an account: portfolio analysis',
      'due  due and overdue service actions',
      'alerts  alerts on the accounts you can see',
      'explain alert ‹number› ‹cause› [note]  record the cause of an alert (staff, price, service, one-off, other…)',
      'complaints  open complaints, their deadline and escalation',
      'review [number]  your pending 360° reviews; answer item by item, or send back, skip, comment ‹text›, save, submit',
      'bind ‹code›  link this chat account',
      'binding code for ‹user› [on slack|wechat]  a binding code for that user (administrators, private chat only)',
      'help  this text',
    ].join('\n'),
  };
}
