// The in-memory replay and the local runtime (real cache and artifact clients) give the same counts, scope branch.
import { describe, it } from 'vitest';
import { expectRuntimeAgrees } from './sim-compare.js';

describe('simulate: memory and local runtime agree', () => {
  it('scope branch, the first 12 pushes of the demo trace', () => expectRuntimeAgrees('branch', 12), 180_000);
});
