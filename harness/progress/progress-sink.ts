// Where a long stage's progress goes. On a terminal, one live status line (stage, elapsed time,
// last output line); elsewhere (CI), plain timestamped lines that a log keeps. A tone is a colour
// the sink may use (see colour.ts): the sink knows its stream, so it alone decides.
import type { Tone } from './colour.ts';

/** Where a stage sits in the pipeline: `[3/9] stack`. */
export interface StageStep {
  readonly index: number;
  readonly count: number;
}

export interface ProgressSink {
  stageStarted(stage: string, step?: StageStep): void;
  stageEnded(stage: string, outcome: string, tone?: Tone): void;
  /** A line of output from the work in progress (a build step, a stack.sh line). */
  line(text: string): void;
  /** Something the user must read even on a terminal: printed on its own line. */
  note(text: string, tone?: Tone): void;
  close(): void;
}

/** The stage as its start line names it: `[3/9] stack`, or the bare name without a step. */
export function formatStage(stage: string, step: StageStep | undefined): string {
  return step ? `[${step.index}/${step.count}] ${stage}` : stage;
}

export function formatElapsed(ms: number): string {
  const total = Math.floor(ms / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

export function formatTimestamped(now: Date, stage: string | undefined, text: string): string {
  const clock = now.toISOString().slice(11, 19);
  return stage ? `[${clock}] ${stage}: ${text}` : `[${clock}] ${text}`;
}

/** The terminal's status line: fits the width, never wraps (a wrapped line cannot be redrawn). */
export function formatStatusLine(stage: string, elapsedMs: number, lastLine: string, columns: number): string {
  const head = `${stage} ${formatElapsed(elapsedMs)} `;
  // eslint-disable-next-line no-control-regex
  const clean = lastLine.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').replace(/\s+/g, ' ').trim();
  const room = Math.max(0, columns - head.length - 1);
  const tail = clean.length > room ? `${clean.slice(0, Math.max(0, room - 1))}…` : clean;
  return `${head}${tail}`;
}
