import { describe, expect, it } from 'vitest';
import { defaultPolicies } from '../portfolio/policies.js';
import { loadTierPreset } from '../tiering/presets.js';
import { RETAIL_SERVICE_POLICY } from './presets.js';
import { starterServicePolicy, unknownServiceTiers } from './starter-service.js';

const tiersOf = (policy: ReturnType<typeof starterServicePolicy>, ruleId: string) =>
  policy.rules.find((rule) => rule.id === ruleId)?.tiers;

describe('starterServicePolicy', () => {
  it('splits ten airline levels 4 / 3 / 3: monthly visits for L1–L4, quarterly contact for L8–L10', () => {
    const policy = starterServicePolicy(loadTierPreset('airline-grid'));
    expect(tiersOf(policy, 'account-manager-visit-top')).toEqual(['L1', 'L2', 'L3', 'L4']);
    expect(tiersOf(policy, 'monthly-contact')).toEqual(['L5', 'L6', 'L7']);
    expect(tiersOf(policy, 'quarterly-contact')).toEqual(['L8', 'L9', 'L10']);
    expect(unknownServiceTiers(policy, loadTierPreset('airline-grid'))).toEqual([]);
  });

  it('gives each of three insurance tiers one band, and a single tier only the top rules', () => {
    const insurance = starterServicePolicy(loadTierPreset('insurance-rules'));
    expect(tiersOf(insurance, 'leadership-visit')).toEqual(['heavy']);
    expect(tiersOf(insurance, 'monthly-contact')).toEqual(['large']);
    expect(tiersOf(insurance, 'quarterly-contact')).toEqual(['sme']);
    const single = loadTierPreset('retail-ladder');
    const one = starterServicePolicy({ ...single, tiers: single.tiers.slice(0, 1) });
    expect(one.rules.map((rule) => rule.id)).toEqual(['leadership-visit', 'account-manager-visit-top']);
  });
});

describe('unknownServiceTiers', () => {
  it('names the tiers a scheme owes service to that the tier policy does not have', () => {
    expect(unknownServiceTiers(RETAIL_SERVICE_POLICY, loadTierPreset('retail-ladder'))).toEqual([
      'A-1',
      'A-2',
      'B-1',
    ]);
    const defaults = defaultPolicies();
    expect(unknownServiceTiers(defaults.service, defaults.tiers)).toEqual([]);
  });
});
