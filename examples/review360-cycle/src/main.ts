/**
 * A full 360° cycle (DOMAIN.md §8): the competency model and relation weights
 * as data, nominations proposed by the subject and approved by the
 * supervisor, invitations for the customer's contacts, submissions (some
 * rejected with the reason), close, publication, the anonymous result — with
 * the too-small customer group withheld — and the individual report.
 *
 * @module
 */
import {
  buildReview360Individual,
  competencyModelPreset,
  createMemoryReviewRepository,
  createReview360Engine,
  isKamError,
  type Locale,
  loadRelationWeights,
  type RaterIdentity,
  type Review360Individual,
  renderReport,
  type SubjectResult,
  type User,
  UserSchema,
} from '@kamkit/sdk';

const person = (id: string, name: string, role: User['role'] = 'account-manager'): User =>
  UserSchema.parse({ id, name, role, division: '华东事业部' });

/** The people of the example. */
export const PEOPLE = {
  hr: person('u-hr', '人力资源部', 'system-admin'),
  zhang: person('u-zhang', '张伟'), // the subject, a key-account manager
  liu: person('u-liu', '刘洋', 'division-head'), // his supervisor
  wang: person('u-wangf', '王芳', 'division-head'), // the department head
  peers: [person('u-chen', '陈晨'), person('u-zhao', '赵敏'), person('u-sun', '孙磊')],
  assistant: person('u-qian', '钱进'), // his subordinate
  outsider: person('u-out', '周航'),
};

/**
 * Relation weights as data: supervisor 50 %, colleagues (peers and
 * subordinates) 30 %, the customer's contacts 10 %, self 10 %. Groups other
 * than supervisor and self need three raters before they are shown.
 */
export const WEIGHTS = {
  id: 'ka-manager-360',
  name: { 'zh-CN': '大客户经理 360 度', en: 'Key-account manager 360°' },
  groups: [
    {
      id: 'supervisor',
      name: { 'zh-CN': '上级', en: 'Supervisor' },
      relations: ['supervisor'],
      weight: 0.5,
      minRaters: 1,
    },
    {
      id: 'colleagues',
      name: { 'zh-CN': '同事', en: 'Colleagues' },
      relations: ['peer', 'subordinate'],
      weight: 0.3,
    },
    { id: 'customers', name: { 'zh-CN': '客户', en: 'Customers' }, relations: ['customer'], weight: 0.1 },
    { id: 'self', name: { 'zh-CN': '本人', en: 'Self' }, relations: ['self'], weight: 0.1, minRaters: 1 },
  ],
};

/** Options for {@link main}. */
export interface Review360CycleOptions {
  /** What each of the two customer contacts gives every item (their group is withheld). Default `[5, 2]`. */
  customerScores?: [number, number];
  locale?: Locale;
}

/** What {@link main} produced. */
export interface Review360CycleOutput {
  text: string;
  /** The published result as the subject reads it. */
  result: SubjectResult;
  report: Review360Individual;
  reportMarkdown: string;
  /** Submissions refused along the way, with the error each got. */
  rejected: { who: string; code: string; path: string | undefined; message: string }[];
}

/**
 * Run the cycle from draft to published and build the individual report.
 *
 * @example
 * ```ts
 * const { result } = await main();
 * result.groups.find((group) => group.id === 'customers')?.status; // 'withheld'
 * ```
 */
export async function main(options: Review360CycleOptions = {}): Promise<Review360CycleOutput> {
  const locale = options.locale ?? 'en';
  const [customerA, customerB] = options.customerScores ?? [5, 2];
  const { hr, zhang, liu, peers, assistant, outsider } = PEOPLE;
  let clock = new Date('2026-06-01T02:00:00Z');
  const now = () => clock;
  let ids = 0;
  const nextId = () => {
    ids += 1;
    return `n-${ids}`;
  };
  const engine = createReview360Engine({
    repository: createMemoryReviewRepository({ now }),
    now,
    // Deterministic ids keep the printed output stable; the default is a random UUID.
    generateId: nextId,
  });
  const model = competencyModelPreset('annual-review'); // character 20 %, ability 30 %, performance 50 %; grades A–E
  const cycleId = 'ka-2026-h1';
  const log: string[] = [];
  const rejected: Review360CycleOutput['rejected'] = [];

  // 1. The cycle: model, weights and schedule are data; 张伟 is the subject.
  await engine.createCycle(
    {
      id: cycleId,
      name: '2026 上半年大客户经理 360 度评估',
      period: '2026-H1',
      modelId: model.id,
      weights: loadRelationWeights(WEIGHTS),
      aggregation: { method: 'mean' },
      schedule: {
        nominationStarts: '2026-06-01',
        ratingStarts: '2026-06-11',
        ratingEnds: '2026-06-20',
        publishOn: '2026-06-22',
      },
      subjects: [
        {
          kind: 'staff',
          id: 'zhang',
          name: '张伟',
          userId: zhang.id,
          supervisorId: liu.id,
          departmentHeadId: PEOPLE.wang.id,
        },
      ],
    },
    hr,
  );

  // 2. Nominations: self and supervisor come automatically; 张伟 proposes colleagues and two customer contacts.
  await engine.transition(cycleId, 'nominating', hr);
  const proposed = await engine.proposeRaters(
    cycleId,
    'zhang',
    [
      ...peers.map((peer) => ({
        name: peer.name,
        contact: `${peer.id}@kamkit.example`,
        relation: 'peer' as const,
        userId: peer.id,
      })),
      {
        name: assistant.name,
        contact: `${assistant.id}@kamkit.example`,
        relation: 'subordinate',
        userId: assistant.id,
      },
      { name: '黄总（华远科技）', contact: 'huang@huayuan.example', relation: 'customer' },
      { name: '林经理（华远科技）', contact: 'lin@huayuan.example', relation: 'customer' },
    ],
    zhang,
  );
  for (const nomination of proposed) await engine.reviewNomination(nomination.id, { action: 'approve' }, liu);
  log.push(
    `nominated: ${proposed.length} proposed by 张伟, approved by 刘洋; self and supervisor added automatically`,
  );

  // 3. Open for rating; the customer contacts get invitation tokens (only their hash is stored).
  clock = new Date('2026-06-11T01:00:00Z');
  await engine.transition(cycleId, 'open', hr);
  const nominations = await engine.listNominations(cycleId, hr);
  const nominationOf = (userId: string) =>
    nominations.find((nomination) => nomination.rater.userId === userId)!.id;
  const customerNominations = nominations.filter((nomination) => nomination.relation === 'customer');
  const tokens: string[] = [];
  for (const nomination of customerNominations) tokens.push((await engine.invite(nomination.id, hr)).token);
  log.push(`open: ${nominations.length} raters, ${tokens.length} invitations sent`);

  // 4. Submissions: every item of the model, one value per rater or per dimension.
  const every = (value: number | Record<string, number>) =>
    Object.fromEntries(
      model.dimensions.flatMap((dimension) =>
        dimension.items.map((item) => [item.id, typeof value === 'number' ? value : value[dimension.id]]),
      ),
    );
  const attempt = async (
    who: string,
    nominationId: string,
    answers: Record<string, unknown>,
    rater: RaterIdentity,
  ) => {
    try {
      await engine.submit(nominationId, { answers }, rater);
      return true;
    } catch (error) {
      if (!isKamError(error)) throw error;
      rejected.push({ who, code: error.code, path: error.path, message: error.messageIn(locale) });
      return false;
    }
  };
  await attempt('刘洋', nominationOf(liu.id), every({ character: 4, ability: 3, performance: 5 }), {
    user: liu,
  });
  await attempt('张伟', nominationOf(zhang.id), every({ character: 5, ability: 5, performance: 3 }), {
    user: zhang,
  });
  // 陈晨 types a 6 on a 1–5 scale: refused, item named; she corrects it.
  await attempt('陈晨', nominationOf(peers[0]!.id), { ...every(4), 'perf-targets': 6 }, { user: peers[0]! });
  await attempt('陈晨', nominationOf(peers[0]!.id), every(4), { user: peers[0]! });
  await attempt('赵敏', nominationOf(peers[1]!.id), every(4), { user: peers[1]! });
  await attempt('孙磊', nominationOf(peers[2]!.id), every(3), { user: peers[2]! });
  await attempt('钱进', nominationOf(assistant.id), every(3), { user: assistant });
  // 周航 was not nominated for this review: to him it does not exist.
  await attempt('周航', nominationOf(peers[1]!.id), every(1), { user: outsider });
  // The first customer contact leaves the performance items blank: a complete review needs every item.
  const { 'perf-targets': _, 'perf-plan': __, 'perf-quality': ___, ...partial } = every(customerA);
  await attempt('黄总', customerNominations[0]!.id, partial, { token: tokens[0]! });
  await attempt('黄总', customerNominations[0]!.id, every(customerA), { token: tokens[0]! });
  await attempt('林经理', customerNominations[1]!.id, every(customerB), { token: tokens[1]! });
  const progress = await engine.progress(cycleId, hr);
  const counts = progress.total;
  log.push(
    `progress: ${counts.submitted} of ${counts.raters} submitted, ${counts.notStarted} not started (counts only, no names)`,
  );

  // 5. Close and publish: every result is computed and stored.
  clock = new Date('2026-06-21T01:00:00Z');
  await engine.transition(cycleId, 'closed', hr);
  clock = new Date('2026-06-22T01:00:00Z');
  await engine.transition(cycleId, 'published', hr);

  // 6. The subject reads his result; 周航 cannot.
  const result = await engine.readResult(cycleId, 'zhang', zhang);
  try {
    await engine.readResult(cycleId, 'zhang', outsider);
    throw new Error('an outsider read a 360° result');
  } catch (error) {
    if (!isKamError(error)) throw error;
    log.push(`周航 reading the result: ${error.code}`);
  }

  const report = buildReview360Individual({ result, model, subjectName: '张伟' });
  const rendered = renderReport(report, { locale, format: 'md', generatedAt: clock });
  const reportMarkdown = rendered.format === 'md' ? rendered.text : '';
  const text = [
    ...log,
    '',
    ...rejected.map(
      (entry) => `refused (${entry.who}): ${entry.code} ${entry.path ?? ''} — ${entry.message}`,
    ),
    '',
    reportMarkdown,
  ].join('\n');
  return { text, result, report, reportMarkdown, rejected };
}
