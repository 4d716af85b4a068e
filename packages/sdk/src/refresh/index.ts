export { type AgendasOn, type AgendasOnOptions, agendasOn } from './agendas-on.js';
export { type EnsureMonthOptions, ensureMonthResults } from './ensure-month.js';
export {
  type RefreshJobs,
  type RefreshJobsOptions,
  type RefreshRuntime,
  startRefreshJobs,
} from './refresh-jobs.js';
export {
  type ComputeMonthFunction,
  type ComputeMonthFunctionOptions,
  type RefreshMonthOptions,
  type RefreshOutcome,
  refreshMonth,
} from './refresh-month.js';
export {
  type ComputeFailure,
  type ComputeRequest,
  computeWorkerScript,
  createWorkerCompute,
  type PartReceived,
} from './worker-compute.js';
