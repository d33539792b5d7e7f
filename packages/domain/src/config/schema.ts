import type { ErrorObject } from 'ajv';
import { validate } from './validator.generated.js';

/** The shape of an ajv validate function; the generated module is untyped. */
interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const validator = validate as GeneratedValidator;

/**
 * Every schema violation of `data`, or [] when it conforms. The validator is CONFIG_SCHEMA compiled
 * ahead of time by ajv (allErrors, verbose: each error keeps the offending value and its schema),
 * so loading config costs neither an ajv import nor a schema compile at runtime.
 */
export function schemaErrors(data: unknown): ErrorObject[] {
  return validator(data) ? [] : [...(validator.errors ?? [])];
}
