/**
 * The seed schemes as ready-made policies (DOMAIN.md §2–3). Each is a JSON
 * file in `presets/`, bundled with the package; copy one to start your own.
 *
 * @module
 */

import { loadAdmissionPolicy, loadTierPolicy } from './load-policy.js';
import type { AdmissionPolicy, TierPolicy } from './policy.js';
import airlineGrid from './presets/airline-grid.json' with { type: 'json' };
import insuranceRules from './presets/insurance-rules.json' with { type: 'json' };
import kaMatrix from './presets/ka-matrix.json' with { type: 'json' };
import postalAdmission from './presets/postal-admission.json' with { type: 'json' };
import postalRanges from './presets/postal-ranges.json' with { type: 'json' };
import postalTiers from './presets/postal-tiers.json' with { type: 'json' };
import powerAdmission from './presets/power-admission.json' with { type: 'json' };
import powerGrades from './presets/power-grades.json' with { type: 'json' };
import retailClasses from './presets/retail-classes.json' with { type: 'json' };
import retailLadder from './presets/retail-ladder.json' with { type: 'json' };

/** The tier policy presets as documents, by name. */
export const TIER_PRESETS = {
  'retail-ladder': retailLadder,
  'postal-ranges': postalRanges,
  'airline-grid': airlineGrid,
  'insurance-rules': insuranceRules,
  'ka-matrix': kaMatrix,
  'postal-tiers': postalTiers,
  'retail-classes': retailClasses,
  'power-grades': powerGrades,
} as const;

/** The admission policy presets as documents, by name. */
export const ADMISSION_PRESETS = {
  'postal-admission': postalAdmission,
  'power-admission': powerAdmission,
} as const;

/** Name of a tier policy preset. */
export type TierPresetName = keyof typeof TIER_PRESETS;
/** Name of an admission policy preset. */
export type AdmissionPresetName = keyof typeof ADMISSION_PRESETS;

/**
 * Load a tier policy preset.
 *
 * @example
 * ```ts
 * const airline = loadTierPreset('airline-grid'); // ten levels: total volume × our share
 * ```
 */
export function loadTierPreset(name: TierPresetName): TierPolicy {
  return loadTierPolicy(TIER_PRESETS[name]);
}

/** Load an admission policy preset (`postal-admission`, `power-admission`). */
export function loadAdmissionPreset(name: AdmissionPresetName): AdmissionPolicy {
  return loadAdmissionPolicy(ADMISSION_PRESETS[name]);
}
