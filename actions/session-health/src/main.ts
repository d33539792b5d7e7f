import { runAction, runSessionHealth } from '@auto-pr-sessions/core/actions';

await runAction('session-health', runSessionHealth);
