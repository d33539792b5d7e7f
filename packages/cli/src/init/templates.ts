/** Workflow and config templates written by `auto-pr-sessions init`. */

export interface InitOptions {
  /** Prefix of the `uses:` lines, e.g. `my-org/auto-pr-sessions/actions` (then `/<action>@<ref>`). */
  readonly usesPrefix: string;
  readonly ref: string;
  readonly scope: 'branch' | 'author';
  /** Shell command that runs the tests with JUnit and lcov output (the expensive part). */
  readonly testCommand: string;
  readonly junit: string;
  readonly lcov: string;
  readonly healthCron: string;
}

const uses = (o: InitOptions, action: string): string => `${o.usesPrefix}/${action}@${o.ref}`;

export function rewardWorkflow(o: InitOptions): string {
  return `# Written by \`auto-pr-sessions init\`. Scores each auto-PR session once instead of once per push.
# Fork-safe: runs on pull_request (never pull_request_target), so fork PRs get a read-only token
# and no secrets; the actions then skip what needs write access with a notice.
name: reward
on:
  push:
    branches-ignore: [main]
  pull_request:
    types: [opened, synchronize, reopened, edited, ready_for_review, converted_to_draft, closed]
  issue_comment:
    types: [created]
  workflow_dispatch:
    inputs:
      session-id:
        description: 'Session or stream to check (empty: derived from the event)'
        required: false
        default: ''
      complete:
        description: 'Complete the session now'
        type: boolean
        default: false
permissions:
  contents: read
concurrency:
  group: reward-\${{ github.event.pull_request.number || github.ref }}
  cancel-in-progress: false
jobs:
  session:
    # comments only matter on pull requests
    if: github.event_name != 'issue_comment' || github.event.issue.pull_request
    runs-on: ubuntu-latest
    permissions:
      actions: write          # list and delete superseded state caches, read state artifacts
      pull-requests: read     # find the branch of a /complete-session comment
    outputs:
      should-score: \${{ steps.check.outputs.should-score }}
      session-id: \${{ steps.check.outputs.session-id }}
    steps:
      - uses: ${uses(o, 'session-start')}
        with:
          session-id: \${{ inputs.session-id }}
      - id: check
        uses: ${uses(o, 'session-check')}
        with:
          session-id: \${{ inputs.session-id }}
  score:
    needs: session
    if: needs.session.outputs.should-score == 'true'
    runs-on: ubuntu-latest
    permissions:
      contents: write         # the exactly-once claim (a git ref under refs/auto-pr-sessions/)
      actions: write          # reward artifact and the scored mark in the session state
      checks: write           # the reward-score check run
      pull-requests: write    # the sticky PR comment
    steps:
      - uses: actions/checkout@v5
      - name: Run the tests with reports
        run: ${o.testCommand}
      - uses: ${uses(o, 'compute-reward-batched')}
        with:
          session-id: \${{ needs.session.outputs.session-id }}
          junit: ${o.junit}
          lcov: ${o.lcov}
`;
}

export function healthWorkflow(o: InitOptions): string {
  return `# Written by \`auto-pr-sessions init\`. Sweeps every session: gets idle ones scored, closes out
# stuck and orphaned ones, publishes analytics and keeps one alert issue while unhealthy.
name: session-health
on:
  schedule:
    - cron: '${o.healthCron}'
  workflow_dispatch:
permissions:
  contents: read
concurrency:
  group: session-health
  cancel-in-progress: false
jobs:
  sweep:
    runs-on: ubuntu-latest
    permissions:
      contents: read          # read .github/auto-pr-sessions.yml
      actions: write          # list state, dispatch the reward workflow, record close-outs
      issues: write           # the alert issue
      pull-requests: read     # closed PRs make orphans
    steps:
      - uses: actions/checkout@v5
        with:
          sparse-checkout: .github
      - uses: ${uses(o, 'session-health')}
        with:
          scoring-workflow: reward.yml
`;
}

export function configFile(o: InitOptions): string {
  return `# yaml-language-server: $schema=https://raw.githubusercontent.com/auto-pr-sessions/auto-pr-sessions/main/packages/core/schema/config.schema.json
# Auto-PR Sessions configuration. Every key but version is optional; the defaults are shown.
# Check it with: npx auto-pr-sessions validate .github/auto-pr-sessions.yml
version: 1
scope: ${o.scope}             # branch: one PR or branch; author: one author across PRs
timeout_minutes: 30           # idle this long (more than) and the session is due
idle_warning_minutes: 15
auto_pr_patterns:             # any line of the PR title, body or a commit message
  - '^auto-pr:'
  - '^wip:'
  - '^\\[auto\\]'
  - '^checkpoint:'
  - '^cursor-session'
  - '^🤖'
non_auto_prs: score-each-push # other pushes are scored as without the suite
complete_command: /complete-session
triggers:
  ready_for_review: true
  merged: true
  closed: true
  complete_command: true
  dispatch: true
  max_duration_minutes: 480
  max_pushes: 0               # 0: no limit
`;
}
