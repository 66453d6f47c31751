// A stage's command run in the container: every line to its log under logs/ and (redacted) to the
// console, the last lines and the telling ones kept, so that a failure or a timeout reports what
// explains it rather than an exit code alone.
import { join } from 'node:path';
import type { RunningContainer } from '../engine/container.ts';
import { GateError } from '../errors.ts';
import type { ProgressSink } from '../progress/progress-sink.ts';
import type { Redactor } from '../report/redact.ts';
import type { RunFolder } from '../report/run-folder.ts';
import { StageTimeoutError } from './stage-runner.ts';

/** Where a run's command output goes. */
export interface CaptureTarget {
  readonly folder: RunFolder;
  readonly progress: ProgressSink;
  readonly redact: Redactor;
}

export interface CapturedCommand {
  readonly stage: string;
  readonly command: readonly string[];
  /** Under logs/. */
  readonly logName: string;
  readonly signal: AbortSignal;
  /** What the console shows for a line (the log keeps the line as it was). */
  readonly decorate?: (line: string) => string;
  /** A non-zero exit is not a failure (Tempest's, whose failures the results tell). */
  readonly allowFailure?: boolean;
}

const RECENT_LINES = 30;
const TELLING_LINES = 15;
const TELLING = /\[ERROR\]|Traceback|Error:|FAIL /;

export async function execAndCapture(container: RunningContainer, run: CapturedCommand, target: CaptureTarget): Promise<void> {
  const { folder, progress, redact } = target;
  const decorate = run.decorate ?? ((line: string) => line);
  const log = folder.openLog(run.logName);
  const recent: string[] = [];
  const telling: string[] = [];
  try {
    const result = await container.exec(run.command, {
      signal: run.signal,
      onLine: (line) => {
        log.write(line);
        progress.line(redact(decorate(line)));
        recent.push(line);
        if (recent.length > RECENT_LINES) recent.shift();
        if (TELLING.test(line)) {
          telling.push(line);
          if (telling.length > TELLING_LINES) telling.shift();
        }
      },
    });
    if (result.aborted) {
      // A stage over its time limit reports the end of its output, as a failed one does.
      if (run.signal.reason instanceof StageTimeoutError) throw run.signal.reason.withOutput(recent.slice(-10).map(redact), `logs/${run.logName}`);
      throw run.signal.reason;
    }
    if (result.exitCode !== 0 && !run.allowFailure) {
      throw new GateError(run.stage, `${run.command[0]} exited with ${result.exitCode}`, {
        commandExitCode: result.exitCode,
        logFile: `logs/${run.logName}`,
        tellingLines: (telling.length ? telling : recent.slice(-10)).map(redact),
        hint: `the whole output is in ${join(folder.root, 'logs', run.logName)}`,
      });
    }
  } finally {
    await log.close();
  }
}
