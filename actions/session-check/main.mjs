// The session-check action: its code is in the shared bundle (actions/dist); this file only picks it.
import { run } from '../dist/index.js';

await run('session-check');
