import { describe, expect, it } from 'vitest';
import { competencyModelPreset } from './presets.js';
import { submissionHash, validateAnswers } from './submission.js';

const model = competencyModelPreset('dcfin-18');

describe('validateAnswers', () => {
  it('accepts a partial draft and trims comments, dropping empty ones', () => {
    expect(
      validateAnswers(
        model,
        { answers: { 'lead-direction': 5 }, comments: { leadership: '  目标清晰 ', delivery: '  ' } },
        { complete: false },
      ),
    ).toEqual({ answers: { 'lead-direction': 5 }, comments: { leadership: '目标清晰' } });
  });

  it('names every bad item in both locales, and unknown dimensions of comments', () => {
    try {
      validateAnswers(
        model,
        { answers: { 'lead-direction': '5', 'lead-decision': 0 }, comments: { ghost: 'x' } },
        {
          complete: true,
        },
      );
      expect.unreachable();
    } catch (error) {
      const issues = (error as { issues: { path: string; expected: { 'zh-CN': string } }[] }).issues;
      expect(issues.length).toBe(18 - 2 + 2 + 1);
      expect(issues[0]).toEqual({
        path: 'answers.lead-direction',
        expected: {
          'zh-CN': '「为团队设定清晰的方向和目标」应为 1–5 的整数，收到 "5"',
          en: '"Sets a clear direction and goals for the team" expects a whole number 1–5, got "5"',
        },
      });
      expect(issues.at(-1)?.path).toBe('comments.ghost');
    }
  });

  it('hashes content independently of key order', () => {
    const a = submissionHash({ answers: { x: 1, y: 2 }, comments: { d: 'hi' }, status: 'submitted' });
    const b = submissionHash({ answers: { y: 2, x: 1 }, comments: { d: 'hi' }, status: 'submitted' });
    expect(a).toBe(b);
    expect(submissionHash({ answers: { x: 1, y: 2 }, comments: { d: 'hi' }, status: 'draft' })).not.toBe(a);
  });
});
