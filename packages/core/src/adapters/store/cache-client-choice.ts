// Which client serves the state cache on cache service v2. A module of its own: the action's start
// checks the variable (app/env.ts) without loading the cache client into the bundle's main chunk.

/**
 * `AUTO_PR_SESSIONS_CACHE_CLIENT=toolkit` sends every cache call through @actions/cache, even on cache
 * service v2: a way back should the service ever answer the built-in client differently. Entries of
 * the two differ in version where zstd is installed, so a switch costs one artifact read, never state.
 */
export const CACHE_CLIENT_VAR = 'AUTO_PR_SESSIONS_CACHE_CLIENT';

/** The variable's value, checked: 'builtin' (default) or 'toolkit'. */
export function cacheClientOf(value: string | undefined): 'builtin' | 'toolkit' {
  if (value === undefined || value === '' || value === 'builtin') return 'builtin';
  if (value === 'toolkit') return 'toolkit';
  throw new Error(`${CACHE_CLIENT_VAR} is "${value.slice(0, 40)}": expected builtin (the default) or toolkit (@actions/cache)`);
}
