// Public surface of @auto-pr-sessions/core. Each area has its own barrel; append, do not reorder.
export * from './domain/types.js';
export * from './config/types.js';
export * from './config/defaults.js';
export * from './domain/ids.js';
export * from './domain/markers.js';
export * from './domain/detect.js';
export * from './domain/state.js';
export * from './domain/sessions.js';
export * from './domain/decision.js';
export * from './domain/stream.js';
export * from './util/canonical-json.js';
export * from './scoring/index.js';
