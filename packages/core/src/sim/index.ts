export * from './trace.js';
export * from './simulate.js';
export * from './memory-backend.js';
