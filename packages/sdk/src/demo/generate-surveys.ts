import {
  defaultSurvey,
  type SurveyDefinition,
  type SurveyResponse,
  surveyPresets,
} from '../satisfaction/survey.js';
import { addMonths } from '../time/calendar.js';
import type { DemoPortfolio } from './generate-portfolio.js';
import { createRandom, randomTools } from './random.js';

/**
 * Deterministic satisfaction survey responses for part of a demo portfolio:
 * every third account with a contact owned by a manager gets one response
 * from its first contact in the month before `asOf` and one in `asOf` (the
 * 15th, 10:00 Beijing time), on `survey` (default: the shipped `standard`
 * survey; `kamkit demo` passes the configured default survey), recorded by
 * owner A through a survey link. Scores lean to 4–5 of 5 with a few low ones,
 * placed on each question's scale, so the index spreads across accounts. The
 * same portfolio gives the same responses.
 */
export function generateSurveyResponses(
  portfolio: Pick<DemoPortfolio, 'asOf' | 'accounts' | 'contacts'>,
  options: { seed?: number; survey?: SurveyDefinition } = {},
): SurveyResponse[] {
  const tools = randomTools(createRandom(options.seed ?? 2026));
  const survey = options.survey ?? defaultSurvey(surveyPresets());
  const firstContact = new Map<string, string>();
  for (const contact of portfolio.contacts)
    if (!firstContact.has(contact.accountId)) firstContact.set(contact.accountId, contact.id);
  const responses: SurveyResponse[] = [];
  portfolio.accounts.forEach((account, index) => {
    const contactId = firstContact.get(account.id);
    if (index % 3 !== 0 || contactId === undefined || account.ownerA === null) return;
    const mood = tools.chance(0.15) ? 2 : tools.chance(0.35) ? 3 : 4;
    for (const month of [addMonths(portfolio.asOf, -1), portfolio.asOf]) {
      const answers: Record<string, number> = {};
      for (const question of survey.questions) {
        // A 1–5 mood placed on the question's scale (1–5 unchanged, 0–10 doubled and shifted…).
        const fifths = Math.min(5, Math.max(1, mood + tools.int(-1, 1)));
        const { min, max } = question.scale;
        answers[question.id] = min + Math.round(((fifths - 1) * (max - min)) / 4);
      }
      responses.push({
        id: `sr-demo-${account.id}-${month}`,
        accountId: account.id,
        contactId,
        surveyId: survey.id,
        answers,
        channel: 'link',
        respondedAt: `${month}-15T10:00:00+08:00`,
        recordedBy: account.ownerA,
      });
    }
  });
  return responses;
}
