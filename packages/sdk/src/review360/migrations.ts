import type { Migration } from '../store/port.js';

/** Schema migrations of the 360° module (ids `0100_…`–`0199_…`). */
export const review360Migrations: Migration[] = [];
