import { runAction, runSessionStart } from '@auto-pr-sessions/core/actions';

await runAction('session-start', runSessionStart);
