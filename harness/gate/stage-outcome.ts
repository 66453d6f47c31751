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
