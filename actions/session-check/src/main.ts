import { runAction, runSessionCheck } from '@auto-pr-sessions/core/actions';

await runAction('session-check', runSessionCheck);
