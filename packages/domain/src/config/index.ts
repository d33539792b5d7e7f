// Config parsing and validation (types.ts and defaults.ts are exported by the package index itself).
export { ConfigError, configOrThrow, formatIssue, formatIssues, ROOT_PATH, type ConfigIssue, type ConfigResult } from './errors.js';
// parseConfig is pure (text in, result out); reading the file is core's loadConfig.
export { defaultConfig, parseConfig, MAX_REPORTED_ISSUES } from './load.js';
export {
  compileSafePattern,
  matchesBounded,
  MATCH_TEXT_CAP,
  MAX_PATTERN_LENGTH,
  PATTERN_FLAGS,
  PROBE_TIMEOUT_MS,
  type SafePatternResult,
} from './regex-safety.js';
export { CONFIG_SCHEMA, CONFIG_KEYS, TRIGGER_KEYS, configSchemaJson } from './config-schema.js';
export { MAX_CONFIG_BYTES, MAX_ALIAS_COUNT, MAX_NESTING, FORBIDDEN_KEYS, tooLargeIssue } from './yaml-source.js';
export { PROBE_BUDGET_MS } from './rules.js';
export { closestKey } from './suggest.js';
