export * from './template.js';
export * from './build.js';
export * from './vendor.js';
export { CHART_JS_VERSION } from './chartjs.generated.js';
