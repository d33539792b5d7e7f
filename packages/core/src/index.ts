// Public surface of @auto-pr-sessions/core. Each area has its own barrel; append, do not reorder.
export * from './domain/types.js';
export * from './config/types.js';
export * from './config/defaults.js';
