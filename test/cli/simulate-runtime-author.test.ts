// The in-memory replay and the local runtime (real cache and artifact clients) give the same counts, scope author.
import { describe, it } from 'vitest';
import { expectRuntimeAgrees } from './sim-compare.js';

describe('simulate: memory and local runtime agree', () => {
  it('scope author, the first 90 pushes of the demo trace', () => expectRuntimeAgrees('author', 90), 180_000);
});
