export { formatPath, issuesFromZod, parseWith, validationError } from './from-zod.js';
export {
  type Issue,
  isKamError,
  KAM_ERROR_CODES,
  KamError,
  type KamErrorCode,
  type KamErrorOptions,
  type Locale,
  type LocalisedText,
  notFound,
} from './kam-error.js';
