/**
 * The service schemes of the seed documents as ready-made policies
 * (DOMAIN.md §5). The JSON files in `presets/` are the source; they are
 * validated when this module loads.
 *
 * @module
 */
import airline from './presets/airline.json' with { type: 'json' };
import crm from './presets/crm.json' with { type: 'json' };
import insurance from './presets/insurance.json' with { type: 'json' };
import postal from './presets/postal.json' with { type: 'json' };
import power from './presets/power.json' with { type: 'json' };
import retail from './presets/retail.json' with { type: 'json' };
import { loadServicePolicy, type ServicePolicy } from './service-policy.js';

/**
 * Retail (seed001): specialist phones A-1 and A-2 every 2 weeks, B-1 every 3
 * weeks; the department head revisits A-1 quarterly; year-end card and
 * calendar for A-1 and B-1; executive contact at Mid-Autumn and Spring
 * Festival; the weekly visit plan filed every Saturday. With seed004's care:
 * every key account congratulated on its own key dates (founding day,
 * anniversaries, milestones, honours) 7 days ahead, and its contacts on their
 * birthdays 3 days ahead.
 */
export const RETAIL_SERVICE_POLICY: ServicePolicy = loadServicePolicy(retail);

/**
 * Postal (seed001): leadership-led visits 1–2×/year for Platinum and
 * professional Gold, unit-head-led for comprehensive Gold and VIP,
 * branch-head-led for ordinary key accounts; account manager visits ≥ 1×/month
 * (comprehensive Gold ≥ 2×/month); profile refresh VIP monthly, Gold every
 * 2 months, Platinum quarterly. Tiers: `platinum`, `gold-professional`,
 * `gold-comprehensive`, `vip`, `ordinary`.
 */
export const POSTAL_SERVICE_POLICY: ServicePolicy = loadServicePolicy(postal);

/**
 * CRM rules (seed002): at least one recorded action per month on every lead
 * or opportunity (accounts flagged `lead` or `opportunity`, tiered or not).
 */
export const CRM_SERVICE_POLICY: ServicePolicy = loadServicePolicy(crm);

/**
 * Airline corporate travel (seed002: ten levels, each with its service
 * level): levels 1–3 an executive visit a year, a monthly account-manager
 * visit and a quarterly account report meeting; levels 4–6 a visit a quarter
 * and a call a month; levels 7–10 a call a quarter; and the CRM rule (one
 * recorded action a month on every lead or opportunity). The seed names no
 * figures per level: the bands are this preset's, to be adjusted.
 */
export const AIRLINE_SERVICE_POLICY: ServicePolicy = loadServicePolicy(airline);

/**
 * Power utility (seed001 §4.15, §4.2) on the grades of seed000 (`power-grades`):
 * the inspection of contract fulfilment on site at least once a year for
 * every key account, account-manager follow-up each quarter for grades 1
 * and 2, a leadership visit a year for grade 1, a call a quarter for grade 3.
 */
export const POWER_SERVICE_POLICY: ServicePolicy = loadServicePolicy(power);

/**
 * Insurance group clients (seed003: executives visited in person, regular
 * follow-up by phone, email or message) on the heavy / large / SME tiers.
 */
export const INSURANCE_SERVICE_POLICY: ServicePolicy = loadServicePolicy(insurance);

/** The service presets a configuration file may name (besides `default` and `starter`), by name. */
export const SERVICE_PRESETS = {
  postal: POSTAL_SERVICE_POLICY,
  retail: RETAIL_SERVICE_POLICY,
  crm: CRM_SERVICE_POLICY,
  airline: AIRLINE_SERVICE_POLICY,
  power: POWER_SERVICE_POLICY,
  insurance: INSURANCE_SERVICE_POLICY,
} as const;
