// Public surface of @auto-pr-sessions/domain: the pure session domain and the config parser.
// Core (adapters and use cases) imports everything from here; append, do not reorder.
export * from './types.js';
export * from './config/types.js';
export * from './config/defaults.js';
export * from './ids.js';
export * from './markers.js';
export * from './detect.js';
export * from './state.js';
export * from './sessions.js';
export * from './decision.js';
export * from './stream.js';
export * from './marks.js';
export * from './canonical-json.js';
export * from './config/index.js';
export * from './events.js';
export * from './trace.js';
export * from './reconcile.js';
