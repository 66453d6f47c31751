// The pipeline's stages, in one table: their order, default time limits, which always run and
// which bring the stack up. The runner, the --timeout option and the verdict all read it, so a
// new stage is one row here. Reports turn each stage's outcome into a JUnit suite of its own, so a
// gate that never reached Tempest still fails visibly and says why.

interface StageRow {
  readonly name: string;
  /** Minutes; undefined: the stage has no limit and --timeout does not name it. */
  readonly defaultTimeoutMinutes?: number;
  /** Runs even after an earlier stage failed: collect, report, teardown. */
  readonly alwaysRuns: boolean;
  /** Part of bringing the stack up: Tempest's results count only when all of these passed. */
  readonly bringsStackUp: boolean;
}

/** In order. Cold image builds on two cores take ~10 min; a full distro Tempest run ~40. */
export const STAGES = [
  { name: 'plan', alwaysRuns: false, bringsStackUp: false },
  { name: 'image', defaultTimeoutMinutes: 45, alwaysRuns: false, bringsStackUp: true },
  { name: 'boot', defaultTimeoutMinutes: 5, alwaysRuns: false, bringsStackUp: true },
  { name: 'stack', defaultTimeoutMinutes: 45, alwaysRuns: false, bringsStackUp: true },
  { name: 'verify', defaultTimeoutMinutes: 10, alwaysRuns: false, bringsStackUp: true },
  { name: 'tempest', defaultTimeoutMinutes: 120, alwaysRuns: false, bringsStackUp: false },
  { name: 'collect', defaultTimeoutMinutes: 10, alwaysRuns: true, bringsStackUp: false },
  { name: 'report', alwaysRuns: true, bringsStackUp: false },
  { name: 'teardown', alwaysRuns: true, bringsStackUp: false },
] as const satisfies readonly StageRow[];

export type StageName = (typeof STAGES)[number]['name'];
type TimedRow = Extract<(typeof STAGES)[number], { defaultTimeoutMinutes: number }>;
/** The stages with a time limit: the names --timeout takes. */
export type TimedStage = TimedRow['name'];

export const TIMED_STAGES: readonly TimedStage[] = STAGES.flatMap((row) => ('defaultTimeoutMinutes' in row ? [row.name] : []));

export const DEFAULT_TIMEOUT_MINUTES = Object.fromEntries(
  STAGES.flatMap((row) => ('defaultTimeoutMinutes' in row ? [[row.name, row.defaultTimeoutMinutes]] : [])),
) as Readonly<Record<TimedStage, number>>;

/** Where a stage sits in the table, for the console's `[3/9] stack: started`. */
export function stageStep(name: StageName): { index: number; count: number } {
  return { index: STAGES.findIndex((row) => row.name === name) + 1, count: STAGES.length };
}

export function stageRow(name: StageName): StageRow {
  return STAGES.find((row) => row.name === name) as StageRow;
}

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

const STACK_STAGES: readonly string[] = STAGES.flatMap((row) => (row.bringsStackUp ? [row.name] : []));

/** Whether the stack came up: every stack stage recorded passed (one not recorded never failed). */
export function stackCameUp(stages: readonly { readonly name: string; readonly status: string }[]): boolean {
  return stages.every((stage) => !STACK_STAGES.includes(stage.name) || stage.status === 'passed');
}
