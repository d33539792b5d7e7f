// Public surface of @auto-pr-sessions/core. Each area has its own barrel; append, do not reorder.
// the pure session domain and config parser (events, state, sessions, decisions, config, traces...)
export * from '@auto-pr-sessions/domain';
export * from './app/index.js';
export * from './adapters/store/types.js';
export * from './adapters/store/snapshot.js';
export * from './adapters/store/fs-store.js';
export * from './adapters/store/actions-store.js';
export * from './adapters/github/client.js';
export { lazyGitHubClient } from './adapters/github/lazy-client.js';
export * from './util/markdown.js';
export { loadConfig } from './adapters/config-file.js';
export * from '@auto-pr-sessions/scoring';
export * from './sim/index.js';
export * from './adapters/logger.js';
export * from './util/stdout.js';
export * from './analytics/index.js';
export * from './dashboard/index.js';
export * from './util/errors.js';
export * from './adapters/store/cache-heads.js';
