export * from './trace.js';
export * from './simulate.js';
