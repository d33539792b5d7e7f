import { runAction, runSessionCheck } from '@auto-pr-sessions/core';

await runAction('session-check', runSessionCheck);
