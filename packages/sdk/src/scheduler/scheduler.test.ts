import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNotifier } from '../notify/webhook.js';
import { seedDemoStore } from '../reports/__fixtures__/demo-source.js';
import { createMemoryStore } from '../store/index.js';
import { dueActionDigestJob, monthlyPortfolioReportJob } from './jobs.js';
import { createScheduler, dueOccurrences, type Job, type JobOccurrence } from './scheduler.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A clock the test moves by hand. */
function testClock(start: string) {
  let time = Date.parse(start);
  return {
    now: () => new Date(time),
    set: (instant: string) => {
      time = Date.parse(instant);
    },
  };
}

function recordingJob(schedule: Job['schedule'], catchUp?: number): Job & { runs: JobOccurrence[] } {
  const runs: JobOccurrence[] = [];
  return {
    id: 'report',
    schedule,
    ...(catchUp === undefined ? {} : { catchUp }),
    runs,
    run: async (occurrence) => void runs.push(occurrence),
  };
}

describe('createScheduler', () => {
  it('runs a monthly job on its day and hour in the organisation time zone, once', async () => {
    const clock = testClock('2026-11-05T00:59:00Z'); // 08:59 in Shanghai
    const job = recordingJob({ kind: 'monthly', day: 5, hour: 9 }, 1);
    const scheduler = createScheduler({
      store: createMemoryStore({ clock: clock.now }),
      jobs: [job],
      now: clock.now,
    });
    expect(await scheduler.tick()).toEqual([]);
    clock.set('2026-11-05T01:00:00Z');
    expect(await scheduler.tick()).toEqual([{ jobId: 'report', period: '2026-11', status: 'ran' }]);
    clock.set('2026-11-05T01:01:00Z');
    expect(await scheduler.tick()).toEqual([{ jobId: 'report', period: '2026-11', status: 'already-done' }]);
    expect(job.runs).toEqual([{ jobId: 'report', period: '2026-11', date: '2026-11-05', late: false }]);
  });

  it('catches up after downtime without sending twice', async () => {
    const clock = testClock('2026-09-01T02:00:00Z');
    const job = recordingJob({ kind: 'monthly', day: 5, hour: 9 });
    const store = createMemoryStore({ clock: clock.now });
    const scheduler = createScheduler({ store, jobs: [job], now: clock.now });
    // Runs for July and August (catch-up of 3 months), not yet September.
    await scheduler.tick();
    expect(job.runs.map((run) => run.period)).toEqual(['2026-07', '2026-08']);
    // Down from 1 September to 20 November: September, October and November are caught up, in order.
    clock.set('2026-11-20T02:00:00Z');
    await scheduler.tick();
    await scheduler.tick();
    expect(job.runs.map((run) => [run.period, run.late])).toEqual([
      ['2026-07', true],
      ['2026-08', true],
      ['2026-09', true],
      ['2026-10', true],
      ['2026-11', true],
    ]);
  });

  it('is safe with several replicas: each occurrence runs once', async () => {
    const clock = testClock('2026-11-05T03:00:00Z');
    const store = createMemoryStore({ clock: clock.now });
    let runs = 0;
    const job: Job = {
      id: 'slow',
      schedule: { kind: 'daily', hour: 9 },
      catchUp: 3,
      run: async () => {
        runs += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
      },
    };
    const replicas = Array.from({ length: 4 }, () => createScheduler({ store, jobs: [job], now: clock.now }));
    const results = (await Promise.all(replicas.map((replica) => replica.tick()))).flat();
    expect(runs).toBe(3);
    expect(results.filter((result) => result.status === 'ran')).toHaveLength(3);
    await Promise.all(replicas.map((replica) => replica.tick()));
    expect(runs).toBe(3);
  });

  it('a failed run is reported and retried on a later tick after its lease', async () => {
    const clock = testClock('2026-11-05T03:00:00Z');
    let fail = true;
    const errors: unknown[] = [];
    const job: Job = {
      id: 'flaky',
      schedule: { kind: 'daily', hour: 9 },
      catchUp: 1,
      run: async () => {
        if (fail) throw new Error('webhook down');
      },
    };
    const scheduler = createScheduler({
      store: createMemoryStore({ clock: clock.now }),
      jobs: [job],
      now: clock.now,
      leaseMs: 5 * 60_000,
      onError: (error) => errors.push(error),
    });
    expect((await scheduler.tick())[0]?.status).toBe('failed');
    expect(errors).toHaveLength(1);
    fail = false;
    clock.set('2026-11-05T03:01:00Z');
    expect((await scheduler.tick())[0]?.status).toBe('in-progress');
    clock.set('2026-11-05T03:06:00Z');
    expect((await scheduler.tick())[0]?.status).toBe('ran');
  });

  it('clamps a monthly day to the end of short months', () => {
    const job = recordingJob({ kind: 'monthly', day: 31, hour: 0 }, 1);
    expect(dueOccurrences(job, '2026-02-28T00:00')).toEqual([
      { jobId: 'report', period: '2026-02', date: '2026-02-28', late: false },
    ]);
  });
});

describe('report jobs', () => {
  it('sends the monthly portfolio report of the closed month to WeCom once, however often it ticks', async () => {
    const posts: { delivery: string | null; content: string }[] = [];
    server.use(
      http.post('https://qyapi.weixin.qq.com/cgi-bin/webhook/send', async ({ request }) => {
        const body = (await request.json()) as { markdown: { content: string } };
        posts.push({ delivery: request.headers.get('x-kamkit-delivery'), content: body.markdown.content });
        return HttpResponse.json({ errcode: 0, errmsg: 'ok' });
      }),
    );
    const { store } = await seedDemoStore();
    const clock = testClock('2026-11-05T01:30:00Z');
    const notifier = createNotifier({ store, now: clock.now });
    const job = monthlyPortfolioReportJob({
      store,
      notifier,
      day: 5,
      hour: 9,
      now: clock.now,
      destinations: [
        {
          id: 'ops',
          target: { kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' },
          locale: 'zh-CN',
          format: 'md',
        },
      ],
    });
    const scheduler = createScheduler({ store, jobs: [{ ...job, catchUp: 1 }], now: clock.now });
    await scheduler.tick();
    await scheduler.tick();
    expect(posts.length).toBeGreaterThan(0);
    expect(posts[0]!.content).toContain('大客户经营分析（2026-10）');
    expect(posts[0]!.delivery).toBe('portfolio:2026-10:ops:0');
    expect(new Set(posts.map((post) => post.delivery)).size).toBe(posts.length);
    for (const post of posts) expect(new TextEncoder().encode(post.content).length).toBeLessThanOrEqual(4096);
  });

  it('sends the daily due-action digest to Slack', async () => {
    const posts: unknown[] = [];
    server.use(
      http.post('https://hooks.slack.com/services/T/B/X', async ({ request }) => {
        posts.push(await request.json());
        return new HttpResponse('ok');
      }),
    );
    const { store } = await seedDemoStore();
    const clock = testClock('2026-10-20T00:00:00Z'); // 08:00 Shanghai
    const job = dueActionDigestJob({
      store,
      notifier: createNotifier({ store, now: clock.now }),
      hour: 8,
      destinations: [
        {
          id: 'team',
          target: { kind: 'slack', url: 'https://hooks.slack.com/services/T/B/X' },
          locale: 'en',
          format: 'slack',
        },
      ],
    });
    const results = await createScheduler({ store, jobs: [job], now: clock.now }).tick();
    expect(results).toEqual([{ jobId: 'due-digest', period: '2026-10-20', status: 'ran' }]);
    expect(posts.length).toBeGreaterThan(0);
    expect(JSON.stringify(posts[0])).toContain('Due actions (2026-10-20)');
  });
});
