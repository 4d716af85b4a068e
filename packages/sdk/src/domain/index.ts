export { ACCOUNT_TYPES, type Account, type AccountInput, AccountSchema, AccountType } from './account.js';
export {
  AttributeValue,
  Fen,
  Id,
  IsoDate,
  IsoDateTime,
  KeyText,
  LocaleSchema,
  NonNegativeFen,
} from './common.js';
export {
  COMPLAINT_STEPS,
  type Complaint,
  ComplaintSchema,
  type ComplaintStep,
  complaintStep,
} from './complaint.js';
export {
  CONTACT_ROLE_LABELS,
  CONTACT_ROLES,
  type Contact,
  type ContactInput,
  ContactLevel,
  ContactRole,
  ContactSchema,
  RELATIONSHIP_STAGE_LABELS,
  RELATIONSHIP_STAGES,
  RelationshipStage,
} from './contact.js';
export {
  ACTOR_LEVELS,
  ActorLevel,
  INTERACTION_KINDS,
  type Interaction,
  type InteractionInput,
  InteractionKind,
  InteractionSchema,
} from './interaction.js';
export {
  ACCOUNT_DATE_KIND_LABELS,
  ACCOUNT_DATE_KINDS,
  type AccountDate,
  AccountDateKind,
  AccountDateSchema,
  AnnualDate,
  annualDateIn,
  formatAccountDates,
  normaliseAnnualDate,
  parseAccountDates,
} from './key-date.js';
export { type Payment, type PaymentInput, PaymentSchema } from './payment.js';
export {
  isStorableText,
  MAX_KEY_LENGTH,
  STORABLE_TEXT,
  unstorableTextIssues,
  visibleText,
} from './storable-text.js';
export { profitOf, type Transaction, type TransactionInput, TransactionSchema } from './transaction.js';
export { ROLES, Role, type User, type UserInput, UserSchema } from './user.js';
