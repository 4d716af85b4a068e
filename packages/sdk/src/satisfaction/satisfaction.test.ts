import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKamError } from '../errors/kam-error.js';
import { accountSatisfaction, portfolioSatisfaction, responseScore } from './satisfaction-index.js';
import {
  answersInOrder,
  checkAnswers,
  loadSurvey,
  type SurveyResponse,
  SurveyResponseSchema,
  surveyPresets,
} from './survey.js';

const surveys = surveyPresets();
const standard = surveys[0]!;
const airline = surveys[1]!;

function response(
  id: string,
  accountId: string,
  answers: Record<string, number>,
  respondedAt = '2026-10-10T02:00:00.000Z',
  extra: Partial<SurveyResponse> = {},
): SurveyResponse {
  return SurveyResponseSchema.parse({
    id,
    accountId,
    surveyId: 'standard',
    answers,
    channel: 'cli',
    respondedAt,
    recordedBy: 'u-li',
    ...extra,
  });
}

describe('surveys as data', () => {
  it('ships a standard 1–5 survey (overall weighs 2) and an airline 0–10 survey', () => {
    expect(standard.questions.map((question) => `${question.id}:${question.weight}`)).toEqual([
      'overall:2',
      'service:1',
      'response:1',
      'manager:1',
      'offer:1',
    ]);
    expect(airline.questions.every((question) => question.scale.min === 0 && question.scale.max === 10)).toBe(
      true,
    );
  });

  it('refuses a definition with a bad scale or a repeated question, naming the field', () => {
    const bad = () =>
      loadSurvey({
        id: 'x',
        name: { 'zh-CN': '调查', en: 'Survey' },
        questions: [
          { id: 'a', text: { 'zh-CN': '甲', en: 'A' }, scale: { min: 5, max: 1 } },
          { id: 'a', text: { 'zh-CN': '乙', en: 'B' }, scale: { min: 1, max: 5 } },
        ],
      });
    expect(bad).toThrowError(/questions\[0\]\.scale\.max/);
    expect(bad).toThrowError(/questions\[1\]\.id/);
  });

  it('checks answers against the questions and their scales', () => {
    expect(() => checkAnswers(response('r', 'a', { overall: 6 }), standard)).toThrowError(/overall.*1–5/);
    expect(() => checkAnswers(response('r', 'a', { nps: 3 }), standard)).toThrowError(/no question nps/);
    expect(checkAnswers(response('r', 'a', { overall: 5 }), standard).answers).toEqual({ overall: 5 });
  });

  it('takes answers in question order, as chat writes them', () => {
    expect(answersInOrder(standard, ['5', '4', '5'])).toEqual({ overall: 5, service: 4, response: 5 });
    try {
      answersInOrder(standard, ['5', 'x']);
      expect.unreachable();
    } catch (error) {
      expect(isKamError(error) && error.path).toBe('answers.service');
    }
    expect(() => answersInOrder(airline, ['1', '2', '3', '4'])).toThrowError(/3 questions but 4 answers/);
  });
});

describe('satisfaction index', () => {
  it('scores a response by weight on 0–100, exactly: 5/4/5 on the standard survey is 93.8', () => {
    // (2·100 + 75 + 100) / 4 = 93.75 → 93.8 (half away from zero, on the exact value).
    expect(responseScore(response('r', 'a', { overall: 5, service: 4, response: 5 }), standard)).toEqual({
      value: 93.75,
      display: '93.8',
      responses: 1,
    });
    // 0–10 scale, equal weights: (70 + 60) / 2.
    expect(responseScore(response('r', 'a', { price: 7, service: 6 }), airline)?.display).toBe('65.0');
    expect(responseScore(response('r', 'a', { nps: 3 }), standard)).toBeNull();
  });

  it('counts the latest response of each contact in the window; anonymous responses each count', () => {
    const rows = [
      response('r1', 'acme', { overall: 1 }, '2026-03-01T02:00:00.000Z', { contactId: 'c1' }),
      response('r2', 'acme', { overall: 5 }, '2026-10-01T02:00:00.000Z', { contactId: 'c1' }),
      response('r3', 'acme', { overall: 3 }, '2026-10-02T02:00:00.000Z'),
      response('r4', 'acme', { overall: 4 }, '2025-10-01T02:00:00.000Z'), // outside 365 days
      response('r5', 'acme', { overall: 4 }, '2026-12-01T02:00:00.000Z'), // after the day judged
      response('r6', 'beta', { overall: 2 }, '2026-10-05T02:00:00.000Z'),
    ];
    const [acme, beta] = accountSatisfaction(rows, { surveys, today: '2026-11-30' });
    expect(acme).toMatchObject({ accountId: 'acme', value: 75, display: '75.0', responses: 2 });
    expect(acme?.counted.map((row) => row.id)).toEqual(['r3', 'r2']);
    expect(acme?.latest).toBe('2026-10-02');
    expect(beta).toMatchObject({ display: '25.0', responses: 1 });
    // Each account weighs the same in the portfolio: (75 + 25) / 2.
    expect(portfolioSatisfaction(rows, { surveys, today: '2026-11-30' })).toEqual({
      value: 50,
      display: '50.0',
      responses: 3,
      accounts: 2,
    });
    expect(portfolioSatisfaction(rows, { surveys, today: '2026-11-30', accountIds: ['beta'] })?.display).toBe(
      '25.0',
    );
    expect(portfolioSatisfaction(rows, { surveys, today: '2026-11-30', accountIds: [] })).toBeNull();
    // A 60-day window starts after 2026-10-01: only r3 remains of acme's.
    const [recent] = accountSatisfaction(rows, { surveys, today: '2026-11-30', windowDays: 60 });
    expect(recent?.counted.map((row) => row.id)).toEqual(['r3']);
  });

  it('rounds the exact value: a mean of 250/3 reads 83.3', () => {
    const rows = [
      response('a', 'x', { overall: 5 }),
      response('b', 'x', { overall: 5 }),
      response('c', 'x', { overall: 3 }), // 100, 100, 50 → 83.333…
    ];
    expect(accountSatisfaction(rows, { surveys, today: '2026-11-30' })[0]?.display).toBe('83.3');
  });

  const answer = fc.integer({ min: 1, max: 5 });
  const responses = fc.array(
    fc.record({
      account: fc.constantFrom('a1', 'a2', 'a3'),
      contact: fc.option(fc.constantFrom('c1', 'c2', 'c3'), { nil: undefined }),
      overall: answer,
      service: fc.option(answer, { nil: undefined }),
      day: fc.integer({ min: 1, max: 28 }),
    }),
    { maxLength: 25 },
  );
  const build = (
    rows: {
      account: string;
      contact: string | undefined;
      overall: number;
      service: number | undefined;
      day: number;
    }[],
  ) =>
    rows.map((row, index) =>
      response(
        `r${index}`,
        row.account,
        row.service === undefined ? { overall: row.overall } : { overall: row.overall, service: row.service },
        `2026-10-${String(row.day).padStart(2, '0')}T02:00:00.000Z`,
        row.contact === undefined ? {} : { contactId: row.contact },
      ),
    );

  it('property: indexes lie on 0–100, do not depend on the order of responses, and the display is the value to one decimal', () => {
    fc.assert(
      fc.property(responses, fc.integer(), (rows, seed) => {
        const list = build(rows);
        const shuffled = [...list]
          .sort(
            (left, right) =>
              ((left.id.length * 31 + seed) % 7) - ((right.id.length * 31 + seed) % 7) ||
              (right.id < left.id ? 1 : -1),
          )
          .reverse();
        const options = { surveys, today: '2026-11-30' };
        const accounts = accountSatisfaction(list, options);
        expect(accountSatisfaction(shuffled, options)).toEqual(accounts.map((entry) => ({ ...entry })));
        for (const entry of accounts) {
          expect(entry.value).toBeGreaterThanOrEqual(0);
          expect(entry.value).toBeLessThanOrEqual(100);
          expect(Math.abs(Number(entry.display) - entry.value)).toBeLessThanOrEqual(0.05 + 1e-9);
          expect(entry.display).toMatch(/^\d{1,3}\.\d$/);
        }
        const portfolio = portfolioSatisfaction(shuffled, options);
        if (accounts.length === 0) expect(portfolio).toBeNull();
        else {
          const values = accounts.map((entry) => entry.value);
          expect(portfolio?.accounts).toBe(accounts.length);
          expect(portfolio?.responses).toBe(accounts.reduce((sum, entry) => sum + entry.responses, 0));
          expect(portfolio!.value).toBeGreaterThanOrEqual(Math.min(...values) - 1e-9);
          expect(portfolio!.value).toBeLessThanOrEqual(Math.max(...values) + 1e-9);
        }
      }),
    );
  });

  it('property: the same answers everywhere give exactly that answer’s place on the scale', () => {
    fc.assert(
      fc.property(responses, answer, (rows, value) => {
        const list = build(rows.map((row) => ({ ...row, overall: value, service: value })));
        const expected = ((value - 1) / 4) * 100;
        for (const entry of accountSatisfaction(list, { surveys, today: '2026-11-30' })) {
          expect(entry.value).toBe(expected);
        }
      }),
    );
  });
});
