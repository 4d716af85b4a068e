/**
 * A starter service scheme derived from any tier policy's tiers, for tier
 * schemes whose source documents set no service cadence (airline grid,
 * insurance rules, the KA matrix, the retail ladder).
 *
 * @module
 */
import type { TierPolicy } from '../tiering/policy.js';
import { loadServicePolicy, type ServicePolicy, type ServicePolicyInput } from './service-policy.js';

/**
 * A starting point, not a rule from a source document: the tiers are split
 * best first into a top third (rounded up), a bottom third (rounded down) and
 * the rest in between.
 * - top: a leadership-led visit once a year and an account-manager visit every month;
 * - middle: an account-manager visit every quarter and a call or visit every month;
 * - bottom: a call or visit every quarter.
 *
 * Both owners (A and B) see each action. Copy it into a file and adjust it
 * once the organisation has written its own scheme.
 *
 * @example
 * ```ts
 * const service = starterServicePolicy(loadTierPreset('airline-grid'));
 * ```
 */
export function starterServicePolicy(tiers: TierPolicy): ServicePolicy {
  const ids = tiers.tiers.map((tier) => tier.id);
  const topCount = Math.ceil(ids.length / 3);
  const bottomCount = Math.floor(ids.length / 3);
  const top = ids.slice(0, topCount);
  const middle = ids.slice(topCount, ids.length - bottomCount);
  const bottom = ids.slice(ids.length - bottomCount);
  const rules: ServicePolicyInput['rules'] = [];
  if (top.length > 0) {
    rules.push(
      {
        kind: 'frequency',
        id: 'leadership-visit',
        label: { 'zh-CN': '领导带队走访', en: 'Leadership-led visit' },
        tiers: top,
        kinds: ['visit', 'meeting'],
        actorLevel: 'executive',
        atLeast: 1,
        per: 'year',
      },
      {
        kind: 'frequency',
        id: 'account-manager-visit-top',
        label: { 'zh-CN': '客户经理走访', en: 'Account manager visit' },
        tiers: top,
        kinds: ['visit'],
        actorLevel: 'specialist',
        atLeast: 1,
        per: 'month',
      },
    );
  }
  if (middle.length > 0) {
    rules.push(
      {
        kind: 'frequency',
        id: 'account-manager-visit-middle',
        label: { 'zh-CN': '客户经理走访', en: 'Account manager visit' },
        tiers: middle,
        kinds: ['visit'],
        actorLevel: 'specialist',
        atLeast: 1,
        per: 'quarter',
      },
      {
        kind: 'frequency',
        id: 'monthly-contact',
        label: { 'zh-CN': '电话或走访回访', en: 'Call or visit' },
        tiers: middle,
        kinds: ['call', 'visit'],
        atLeast: 1,
        per: 'month',
      },
    );
  }
  if (bottom.length > 0) {
    rules.push({
      kind: 'frequency',
      id: 'quarterly-contact',
      label: { 'zh-CN': '电话或走访回访', en: 'Call or visit' },
      tiers: bottom,
      kinds: ['call', 'visit'],
      atLeast: 1,
      per: 'quarter',
    });
  }
  return loadServicePolicy({
    id: `starter-${tiers.id}`,
    name: {
      'zh-CN': `入门服务节奏（按“${tiers.name['zh-CN']}”的层级生成）`,
      en: `Starter service cadence (from the tiers of “${tiers.name.en}”)`,
    },
    tiers: ids,
    responsible: 'both',
    leadDays: 3,
    horizonDays: 7,
    rules,
  });
}

/**
 * The tier ids a service policy names that `tiers` does not have: a scheme
 * written for other tiers would otherwise owe nothing to anyone, silently.
 */
export function unknownServiceTiers(service: ServicePolicy, tiers: TierPolicy): string[] {
  const known = new Set(tiers.tiers.map((tier) => tier.id));
  const named = new Set<string>(service.tiers ?? []);
  for (const rule of service.rules) if (Array.isArray(rule.tiers)) for (const id of rule.tiers) named.add(id);
  return [...named].filter((id) => !known.has(id));
}
