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
  /** The repository's default branch (pushes to it start no session; configs are read from it). */
  readonly defaultBranch: string;
  /** True when `usesPrefix` is the placeholder, not detected or given: the files then say so loudly. */
  readonly placeholderOwner?: boolean;
}

const uses = (o: InitOptions, action: string): string => `${o.usesPrefix}/${action}@${o.ref}`;

/**
 * The step every deciding or publishing job starts with: the default branch's `.github` (the config),
 * never pushed code, and no token left in .git/config.
 */
const CONFIG_CHECKOUT = `      - uses: actions/checkout@v5
        with:
          ref: \${{ github.event.repository.default_branch }}
          sparse-checkout: .github
          persist-credentials: false
`;

/** Where the reports land in the publish job (the artifact keeps paths relative to the workspace). */
const REPORTS_DIR = 'reward-reports';

function placeholderNote(o: InitOptions): string {
  return o.placeholderOwner
    ? `# TODO: every \`uses: ${o.usesPrefix}/...\` line names a placeholder owner. Replace
# \`${o.usesPrefix}\` with where you use the actions from (e.g. my-org/auto-pr-sessions/actions),
# or run \`auto-pr-sessions init --force --uses OWNER/REPO/actions\`.
`
    : '';
}

/**
 * The reward workflow. Platform behaviour it relies on, with GitHub's documentation:
 * - Fork pull requests get a read-only GITHUB_TOKEN and no secrets on `pull_request`
 *   (https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication#permissions-for-the-github_token).
 * - A job-level `permissions` block replaces the workflow's
 *   (https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idpermissions).
 * - `concurrency` keeps one running and one pending job per group; a newer pending one cancels the
 *   older (`cancel-in-progress` would also cancel the running one: it would start every job)
 *   (https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/control-the-concurrency-of-workflows-and-jobs).
 *   Safe here because session-start reads back the pushes of cancelled pending jobs from history.
 * - `issue_comment` and `workflow_dispatch` runs use the default branch as `github.ref`, so the
 *   session's code is checked out by the head sha session-check reports
 *   (https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows).
 * - `actions/checkout` keeps the token in .git/config unless `persist-credentials: false`
 *   (https://github.com/actions/checkout#usage).
 */
export function rewardWorkflow(o: InitOptions): string {
  return `# Written by \`auto-pr-sessions init\`. Scores each auto-PR session once instead of once per push.
${placeholderNote(o)}#
# Jobs: session (record the event, decide) -> score (runs the pushed code's tests: read-only token,
# no secrets, reports uploaded) -> publish (write permissions, never checks out pushed code).
# Fork pull requests run read-only (pull_request, never pull_request_target): they are recorded and
# scored; publishing their score is left to a trusted run (see the README, "Fork pull requests").
name: reward
on:
  push:
    branches-ignore: [${o.defaultBranch}]
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
permissions: {}
jobs:
  session:
    # Comments only matter on pull requests. One session job per push: a same-repository PR's
    # synchronize is the branch's push (recorded by the push run); a fork has no push here.
    if: >-
      (github.event_name != 'issue_comment' || github.event.issue.pull_request) &&
      (github.event_name != 'pull_request' || github.event.action != 'synchronize' ||
      github.event.pull_request.head.repo.full_name != github.repository)
    runs-on: ubuntu-latest
    # Pushes of one branch share a group: one job runs, one waits, and a newer push replaces the
    # waiting one, so a burst starts a handful of jobs. session-start reads the pushes of replaced
    # jobs back from history, so none is lost. A running job is never cancelled mid-write. Every
    # other event (comments, dispatches, PR opened/closed/ready) gets a group of its own.
    concurrency:
      group: >-
        reward-session-\${{ (github.event_name == 'push' || github.event.action == 'synchronize')
        && format('{0}:{1}', github.event.pull_request.head.repo.full_name || github.repository, github.head_ref || github.ref_name)
        || github.run_id }}
      cancel-in-progress: false
    permissions:
      contents: read          # the config and the compare API (pushes of cancelled runs)
      actions: write          # session state: caches and artifacts, superseded keys deleted
      pull-requests: read     # the branch of a /complete-session comment
    outputs:
      should-score: \${{ steps.check.outputs.should-score }}
      session-id: \${{ steps.check.outputs.session-id }}
      head-sha: \${{ steps.check.outputs.head-sha }}
    steps:
      # the config of the default branch: the same file for every job and every event
${CONFIG_CHECKOUT}      - uses: ${uses(o, 'session-start')}
        with:
          session-id: \${{ inputs.session-id }}
      - id: check
        uses: ${uses(o, 'session-check')}
        with:
          session-id: \${{ inputs.session-id }}
  score:
    # Runs the pushed code: read-only token, no secrets, nothing published from here.
    needs: session
    if: needs.session.outputs.should-score == 'true'
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@v5
        with:
          ref: \${{ needs.session.outputs.head-sha || github.sha }}
          persist-credentials: false
      - name: Run the tests with reports
        run: ${o.testCommand}
      - uses: actions/upload-artifact@v4
        if: \${{ !cancelled() }}
        with:
          name: ${REPORTS_DIR}-\${{ github.run_id }}-\${{ github.run_attempt }}
          path: |
            ${o.junit}
            ${o.lcov}
          if-no-files-found: warn
          retention-days: 7
  publish:
    # Publishes with write permissions and checks out no pushed code (only the default branch's .github).
    needs: [session, score]
    if: \${{ !cancelled() && needs.session.outputs.should-score == 'true' }}
    runs-on: ubuntu-latest
    permissions:
      contents: write         # the exactly-once claim (a git ref under refs/auto-pr-sessions/)
      actions: write          # reward artifact and the scored mark in the session state
      checks: write           # the reward-score check run
      pull-requests: write    # the sticky PR comment
    steps:
${CONFIG_CHECKOUT}      - uses: actions/download-artifact@v4
        with:
          name: ${REPORTS_DIR}-\${{ github.run_id }}-\${{ github.run_attempt }}
          path: ${REPORTS_DIR}
      - uses: ${uses(o, 'compute-reward-batched')}
        with:
          session-id: \${{ needs.session.outputs.session-id }}
          junit: ${REPORTS_DIR}/${o.junit}
          lcov: ${REPORTS_DIR}/${o.lcov}
`;
}

/**
 * Publishes the scores of fork pull requests. A fork's `pull_request` run has a read-only token and
 * no secrets, so it scores without publishing; GitHub's answer is the `workflow_run` pattern: a run
 * in the base repository's context, started when the fork's run completes, that reads the fork
 * run's reports as data and never runs or checks out its code
 * (https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#workflow_run).
 */
export function publishWorkflow(o: InitOptions): string {
  return `# Written by \`auto-pr-sessions init\`. Publishes the reward score of fork pull requests.
${placeholderNote(o)}#
# A fork's reward run is read-only (no secrets, read-only token): it records and scores the session
# and uploads the reports. This workflow runs in the base repository when that run completes,
# reads the reports as data (never checks out or runs the fork's code) and publishes once.
name: reward-publish
on:
  workflow_run:
    workflows: [reward]
    types: [completed]
permissions: {}
jobs:
  publish:
    if: >-
      github.event.workflow_run.event == 'pull_request' &&
      github.event.workflow_run.head_repository.full_name != github.repository
    runs-on: ubuntu-latest
    permissions:
      contents: write         # the exactly-once claim (a git ref under refs/auto-pr-sessions/)
      actions: write          # the fork run's report artifacts, the scored mark
      checks: write           # the reward-score check run
      pull-requests: write    # the sticky PR comment
    steps:
${CONFIG_CHECKOUT}      - uses: ${uses(o, 'compute-reward-batched')}
        with:
          mode: batch
          report-artifacts: ${REPORTS_DIR}-*
`;
}

export function healthWorkflow(o: InitOptions): string {
  return `# Written by \`auto-pr-sessions init\`. Sweeps every session: gets idle ones scored, closes out
# stuck and orphaned ones, publishes analytics and keeps one alert issue while unhealthy.
${placeholderNote(o)}name: session-health
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
          persist-credentials: false
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
