/**
 * The service schemes of the seed documents as ready-made policies
 * (DOMAIN.md §5). The JSON files in `presets/` are the source; they are
 * validated when this module loads.
 *
 * @module
 */
import crm from './presets/crm.json' with { type: 'json' };
import postal from './presets/postal.json' with { type: 'json' };
import retail from './presets/retail.json' with { type: 'json' };
import { loadServicePolicy, type ServicePolicy } from './service-policy.js';

/**
 * Retail (seed001): specialist phones every 2 weeks, B-1 every 3
 * weeks; the department head revisits A-1 quarterly; year-end card and
 * calendar for A-1 and B-1; executive contact at Mid-Autumn and Spring
 * Festival; the weekly visit plan filed every Saturday.
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
