import { runAction, runSessionStart } from '@auto-pr-sessions/core';

await runAction('session-start', runSessionStart);
