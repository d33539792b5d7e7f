/** Stable digests: the same inputs give the same digest whatever the key order. */
import { createHash } from 'node:crypto';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value instanceof Map) return canonical(Object.fromEntries(value));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

export function digestOf(value: unknown): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(canonical(value)) ?? 'null').digest('hex')}`;
}
