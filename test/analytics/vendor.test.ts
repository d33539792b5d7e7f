import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHART_JS_VERSION, chartJsFromNodeModules, chartJsModule } from '@auto-pr-sessions/core';

const GENERATED = new URL('../../packages/core/src/dashboard/chartjs.generated.ts', import.meta.url);

describe('Chart.js inlined into the dashboard', () => {
  it('the generated module is the minified build of the installed chart.js (UPDATE_VENDOR=1 rewrites it)', () => {
    const { version, source } = chartJsFromNodeModules();
    const expected = chartJsModule(version, source);
    if (process.env['UPDATE_VENDOR'] === '1') writeFileSync(GENERATED, expected);
    expect(readFileSync(GENERATED, 'utf8') === expected, 'chartjs.generated.ts is stale: run UPDATE_VENDOR=1 npx vitest run test/analytics/vendor.test.ts').toBe(true);
    expect(CHART_JS_VERSION).toBe(version);
    expect(source).toMatch(/^\/\*!\n \* Chart\.js v4\./);
    expect(source).toContain('Released under the MIT License');
  });
});
