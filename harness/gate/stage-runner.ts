// Runs the pipeline's stages one after another and records each one's outcome. A failed stage
// stops the line; the stage table's always-run stages (collect, report, teardown) run regardless,
// so every run leaves a report that says what happened.
import { GateError, InterruptedError } from '../errors.ts';
import { stageRow, type StageName, type StageOutcome, type StageStatus } from '../run/stages.ts';

export interface StageContext {
  /** Aborted when the stage times out or the run is interrupted; long work must watch it. */
  readonly signal: AbortSignal;
}

export interface StageSpec<T> {
  readonly name: StageName;
  readonly run: (context: StageContext) => Promise<T>;
  /** 0 or undefined: no limit. */
  readonly timeoutMs?: number;
}

export class StageTimeoutError extends GateError {
  constructor(
    stage: string,
    readonly timeoutMs: number,
    output: { tellingLines?: readonly string[]; logFile?: string } = {},
  ) {
    super(stage, `timed out after ${formatDuration(timeoutMs)}`, { hint: `raise it with --timeout ${stage}=<minutes>`, ...output });
  }

  /** The same timeout, with the end of what the stage printed before it was stopped. */
  withOutput(tellingLines: readonly string[], logFile: string): StageTimeoutError {
    return new StageTimeoutError(this.stage, this.timeoutMs, { tellingLines, logFile });
  }
}

export class StageRunner {
  readonly outcomes: StageOutcome[] = [];
  private failure: unknown;

  constructor(private readonly runSignal: AbortSignal) {}

  /** The first error that stopped the line, if any. */
  get firstFailure(): unknown {
    return this.failure;
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  /**
   * Runs a stage unless an earlier one failed (then it is recorded as skipped and `undefined` is
   * returned). A stage the table marks always-run runs even after a failure.
   */
  async run<T>(spec: StageSpec<T>): Promise<T | undefined> {
    const startedAt = new Date();
    const always = stageRow(spec.name).alwaysRuns;
    if (this.failed && !always) {
      this.outcomes.push({ name: spec.name, status: 'skipped', startedAt, durationMs: 0, message: 'an earlier stage failed' });
      return undefined;
    }
    const controller = new AbortController();
    const onRunAbort = () => controller.abort(this.runSignal.reason);
    this.runSignal.addEventListener('abort', onRunAbort, { once: true });
    // Stages that always run (teardown) must not be cut short by the interrupt that caused them.
    if (this.runSignal.aborted && !always) controller.abort(this.runSignal.reason);
    const timer = spec.timeoutMs ? setTimeout(() => controller.abort(new StageTimeoutError(spec.name, spec.timeoutMs ?? 0)), spec.timeoutMs) : undefined;
    try {
      const value = await spec.run({ signal: controller.signal });
      if (controller.signal.aborted) throw controller.signal.reason;
      this.record(spec.name, 'passed', startedAt);
      return value;
    } catch (error) {
      // An aborted stage failed because of the abort, whatever it threw on the way out; unless it
      // threw the abort's own kind of error back, with what it knew added (a timeout's output).
      const reason = controller.signal.aborted && statusOf(error) !== statusOf(controller.signal.reason) ? controller.signal.reason : error;
      this.record(spec.name, statusOf(reason), startedAt, reason);
      this.failure ??= reason;
      return undefined;
    } finally {
      if (timer) clearTimeout(timer);
      this.runSignal.removeEventListener('abort', onRunAbort);
    }
  }

  private record(name: StageName, status: StageStatus, startedAt: Date, error?: unknown): void {
    const durationMs = Date.now() - startedAt.getTime();
    if (error === undefined) {
      this.outcomes.push({ name, status, startedAt, durationMs });
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    const tellingLines = error instanceof GateError ? error.tellingLines : undefined;
    const logFile = error instanceof GateError ? error.logFile : undefined;
    this.outcomes.push({
      name,
      status,
      startedAt,
      durationMs,
      message,
      ...(tellingLines?.length ? { tellingLines } : {}),
      ...(logFile ? { logFile } : {}),
    });
  }
}

function statusOf(error: unknown): StageStatus {
  if (error instanceof InterruptedError) return 'interrupted';
  if (error instanceof StageTimeoutError) return 'timed-out';
  return 'failed';
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return seconds % 60 ? `${minutes}m${seconds % 60}s` : `${minutes}m`;
}
