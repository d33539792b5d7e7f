import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Chart.js is inlined into every dashboard so that the page needs no network. The minified UMD build
 * is kept as a generated module (chartjs.generated.ts) so that it also travels inside the ncc bundle
 * of the action, where node_modules does not exist; a test fails when it drifts from node_modules.
 */
export function chartJsFromNodeModules(): { version: string; source: string } {
  const require = createRequire(import.meta.url);
  // the package's exports map hides dist/*.umd.min.js: resolve the main file and look beside it
  const main = require.resolve('chart.js');
  const pkg = JSON.parse(readFileSync(join(dirname(main), '..', 'package.json'), 'utf8')) as { version: string };
  return { version: pkg.version, source: readFileSync(join(dirname(main), 'chart.umd.min.js'), 'utf8') };
}

/** The generated module's text for a Chart.js build. */
export function chartJsModule(version: string, source: string): string {
  return [
    `// GENERATED from node_modules/chart.js/dist/chart.umd.min.js (Chart.js ${version}, MIT License, https://www.chartjs.org).`,
    '// Do not edit: run UPDATE_VENDOR=1 npx vitest run test/analytics/vendor.test.ts',
    `export const CHART_JS_VERSION = ${JSON.stringify(version)};`,
    `export const CHART_JS_SOURCE: string = ${JSON.stringify(source)};`,
    '',
  ].join('\n');
}
