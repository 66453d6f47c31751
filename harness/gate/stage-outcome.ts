// What the gate records of each pipeline stage. Reports turn these into a JUnit suite of their
// own, so a gate that never reached Tempest still fails visibly and says why.
export type StageName =
  | 'plan'
  | 'image'
  | 'boot'
  | 'stack'
  | 'verify'
  | 'tempest'
  | 'collect'
  | 'report'
  | 'teardown';

export type StageStatus = 'passed' | 'failed' | 'skipped' | 'interrupted' | 'timed-out';

export interface StageOutcome {
  readonly name: StageName;
  readonly status: StageStatus;
  readonly startedAt: Date;
  readonly durationMs: number;
  /** One line: why it failed, was skipped or interrupted. */
  readonly message?: string;
  /** The few lines of output that explain a failure (stack.sh's `[ERROR]` lines, a traceback's end). */
  readonly tellingLines?: readonly string[];
  /** Relative to the report folder. */
  readonly logFile?: string;
}

/** The stages that bring the stack up: Tempest's results count only when they all passed. */
const STACK_STAGES: readonly string[] = ['image', 'boot', 'stack', 'verify'] satisfies readonly StageName[];

/** Whether the stack came up: every stack stage recorded passed (one not recorded never failed). */
export function stackCameUp(stages: readonly { readonly name: string; readonly status: string }[]): boolean {
  return stages.every((stage) => !STACK_STAGES.includes(stage.name) || stage.status === 'passed');
}
