/**
 * The command's exit codes, the same for every subcommand:
 *   0  done, nothing wrong
 *   1  the work found problems: failed or deferred results, stale coverage, a function that failed
 *   2  bad usage, or an invalid policy, payload or configuration (nothing was called)
 *   3  a cloud or authentication error (the service refused or could not be reached)
 *   130 interrupted (Ctrl-C); 143 when stopped by SIGTERM
 */
import type { FailureKind } from '../shared/contracts/failure';

export const EXIT = { ok: 0, problems: 1, usage: 2, cloud: 3, interrupted: 130, terminated: 143 } as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = `Exit codes:
    0  done, nothing wrong
    1  the work found problems (failed or deferred results, stale coverage, a function that failed)
    2  bad usage, or an invalid policy, payload or configuration (nothing was called)
    3  a cloud or authentication error (an endpoint that cannot be reached, or --timeout ran out)
  130  interrupted by Ctrl-C (143: stopped by SIGTERM); what was done is printed, as JSON with --json`;

/** What a failure that ended a command means for the exit code. */
export const EXIT_FOR_FAILURE: Readonly<Record<FailureKind, ExitCode>> = {
  input: EXIT.usage,
  cloud: EXIT.cloud,
  budget: EXIT.cloud,
  internal: EXIT.problems,
};
