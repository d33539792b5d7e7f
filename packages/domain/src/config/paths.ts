import { ROOT_PATH } from './errors.js';

/** A mapping key or a list index. */
export type PathSegment = string | number;

/** `['triggers', 'max_pushes']` → `triggers.max_pushes`; `['auto_pr_patterns', 2]` → `auto_pr_patterns[2]`. */
export function formatPath(segments: readonly PathSegment[]): string {
  if (segments.length === 0) return ROOT_PATH;
  let out = '';
  for (const seg of segments) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/**
 * Splits an ajv instancePath (a JSON pointer such as `/auto_pr_patterns/2`) into segments, turning
 * a segment into a number where the data at that point is a list.
 */
export function pointerSegments(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const segments: PathSegment[] = [];
  let value: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/gu, '/').replace(/~0/gu, '~');
    if (Array.isArray(value) && /^\d+$/u.test(key)) {
      segments.push(Number(key));
      value = value[Number(key)];
    } else {
      segments.push(key);
      value = value !== null && typeof value === 'object' && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
    }
  }
  return segments;
}
