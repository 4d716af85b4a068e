import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { ImportError } from './import-error.js';
import { importFile } from './import-file.js';

const SURVEYS_CSV = [
  '客户编号,联系人编号,问卷,回答,调查时间,渠道,客户意见',
  'A1,c-1,standard,"overall=5; service=4",2026-10-10 10:00,问卷链接,服务很好',
  'A1,,,总体:3，服务:3,2026/10/12,,',
].join('\r\n');

let folder: string;
let store: Store;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'kamkit-import-surveys-'));
  store = createMemoryStore({ clock: () => new Date('2026-11-10T00:00:00Z') });
  await store.putAccount({ id: 'A1', name: '客户 A1', division: '华北事业部' } as never, { actor: 'seed' });
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('importFile — surveys (满意度问卷)', () => {
  it('imports responses with Chinese headers, channel import and the actor as recorder by default; a re-run changes nothing', async () => {
    const path = join(folder, '满意度.csv');
    await writeFile(path, SURVEYS_CSV.replace('总体:3，服务:3', 'overall:3，service:3'));
    expect(await importFile({ store, kind: 'surveys', path, actor: 'u-admin' })).toMatchObject({
      rows: 2,
      inserted: 2,
      rejected: 0,
    });
    const rows = await store.listSurveyResponses();
    const linked = rows.find((row) => row.contactId === 'c-1');
    expect(linked).toMatchObject({
      accountId: 'A1',
      surveyId: 'standard',
      answers: { overall: 5, service: 4 },
      channel: 'link',
      respondedAt: '2026-10-10T10:00:00+08:00',
      recordedBy: 'u-admin',
      comment: '服务很好',
    });
    const plain = rows.find((row) => row.contactId === undefined);
    expect(plain).toMatchObject({
      channel: 'import',
      surveyId: 'standard',
      answers: { overall: 3, service: 3 },
    });
    expect(plain!.id).toMatch(/^imp-/);
    expect(
      (await store.listAudit({ entity: 'survey-response', actor: 'u-admin' })).map((entry) => entry.action),
    ).toEqual(['survey-response.create', 'survey-response.create']);
    expect(await importFile({ store, kind: 'surveys', path, actor: 'u-admin' })).toMatchObject({
      inserted: 0,
      skipped: 2,
    });
  });

  it('imports JSONL with English fields and answers as an object', async () => {
    const path = join(folder, 'surveys.jsonl');
    await writeFile(
      path,
      `${JSON.stringify({ id: 'S-1', account: 'A1', survey: 'airline', answers: { travel: 8, price: 6 }, date: '2026-10-01', recordedBy: 'u-li' })}\n`,
    );
    expect(await importFile({ store, kind: 'surveys', path, actor: 'u-admin' })).toMatchObject({
      inserted: 1,
    });
    expect(await store.listSurveyResponses()).toEqual([
      expect.objectContaining({
        id: 'S-1',
        surveyId: 'airline',
        recordedBy: 'u-li',
        answers: { travel: 8, price: 6 },
      }),
    ]);
  });

  it('refuses the whole file naming the row and column of bad answers, an off-scale score, an unknown survey or account', async () => {
    const path = join(folder, 'bad.csv');
    await writeFile(
      path,
      [
        SURVEYS_CSV.replace('总体:3，服务:3', 'overall:3'),
        'A1,,,很好,2026-10-12,,',
        'A1,,,overall=9,2026-10-12,,',
        'A1,,nps,overall=4,2026-10-12,,',
        'A9,,,overall=4,2026-10-12,,',
        'A1,,,overall=4,,,',
      ].join('\r\n'),
    );
    const error = await importFile({ store, kind: 'surveys', path, actor: 'u-admin' }).catch(
      (caught) => caught,
    );
    expect(error).toBeInstanceOf(ImportError);
    const problems = (error as ImportError).problems.map((problem) => [problem.row, problem.column]);
    expect(problems).toEqual([
      [4, '回答'],
      [5, '回答'],
      [6, '问卷'],
      [7, '客户编号'],
      [8, 'respondedAt'],
    ]);
    const offScale = (error as ImportError).problems.find((problem) => problem.row === 5)!;
    expect(offScale.expected.en).toContain('1–5');
    expect(await store.listSurveyResponses()).toEqual([]);
  });
});
