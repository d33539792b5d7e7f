export * from './trace.js';
export * from './simulate.js';
export * from './runtime-backend.js';
