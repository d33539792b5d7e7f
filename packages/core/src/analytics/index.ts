export * from './types.js';
export * from './scores.js';
export * from './facts.js';
export * from './metrics.js';
export * from './markdown.js';
