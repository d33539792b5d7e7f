import { runAction, runComputeReward } from '@auto-pr-sessions/core/actions';

await runAction('compute-reward-batched', runComputeReward);
