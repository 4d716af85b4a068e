/**
 * The configuration file (`kamkit.config.yaml` / `.json`): its schema, its
 * JSON Schema and reference, finding and resolving it, and the commented file
 * `kamkit init` writes.
 *
 * @module
 */
export { kamkitConfigJsonSchema, renderConfigurationReference } from './config-reference.js';
export {
  CEILING_DIRECTORIES_ENV,
  ceilingDirectories,
  findProjectRoot,
  PROJECT_DATA_FOLDER,
  type ProjectRoot,
} from './find-project.js';
export { INIT_PRESETS, type InitConfigOptions, type InitPreset, initConfigText } from './init-config.js';
export {
  CONFIG_FILE_ENV,
  CONFIG_FILE_NAMES,
  CONFIG_POLICY_DEFAULTS,
  CONFIG_PRESETS,
  CONFIG_SCHEMA_FILE,
  ConfigPoliciesSchema,
  type KamkitConfig,
  type KamkitConfigInput,
  KamkitConfigSchema,
} from './kamkit-config.js';
export {
  chooseLocale,
  findConfigFile,
  type LoadConfigOptions,
  loadConfig,
  parseConfig,
  type ResolvedConfig,
} from './load-config.js';
