// Reads DevStack's stack.sh output a line at a time (console or LOGFILE, whose lines carry a
// `YYYY-MM-DD HH:MM:SS.mmm | ` prefix): the phases it announced with echo_summary and their
// timings, whether it completed ("stack.sh completed in N seconds"), and when it failed, the
// lines that explain it: the [ERROR] line, the call trace, the command's own error output.
export interface StackPhase {
  readonly name: string;
  /** Epoch ms when the phase was announced (when the log has timestamps). */
  readonly start: number | undefined;
  readonly seconds: number | undefined;
}

export interface StackLogSummary {
  readonly phases: readonly StackPhase[];
  readonly completedSeconds: number | undefined;
  readonly failed: boolean;
  /** "file:line" of the failure, from the [ERROR] line. */
  readonly failedAt: string | undefined;
  /** The function the failing call was made from (the call trace's outermost frame). */
  readonly failingFunction: string | undefined;
  readonly tellingLines: readonly string[];
}

const TIMESTAMP = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) \| /;
const XTRACE = /^\++ (\S+?):(\S+?):(\d+)\s+:\s+(.*)$/;
const ECHO_SUMMARY = /^echo_summary (?:'([^']*)'|"([^"]*)"|(.*))$/;
const COMPLETED = /stack\.sh completed in (\d+) seconds/;
const ERROR = /^\[ERROR\] (\S+?:\d+) (.*)$/;
/** How many untraced lines before a failure are kept: the failing command's own words. */
const OUTPUT_TAIL = 6;

export class StackLogParser {
  private readonly phases: { name: string; start: number | undefined; end: number | undefined }[] = [];
  private completedSeconds: number | undefined;
  private errorLine: string | undefined;
  private failedAt: string | undefined;
  private errorOnExit = false;
  private readonly callTrace: string[] = [];
  private inCallTrace = false;
  private readonly recentOutput: string[] = [];
  private lastTime: number | undefined;

  push(raw: string): void {
    const stamp = TIMESTAMP.exec(raw);
    const time = stamp ? Date.parse(`${stamp[1]?.replace(' ', 'T')}Z`) : undefined;
    if (time !== undefined) this.lastTime = time;
    const line = stamp ? raw.slice(stamp[0].length) : raw;
    const trace = XTRACE.exec(line);
    if (trace) {
      this.inCallTrace = false;
      const summary = ECHO_SUMMARY.exec(trace[4] ?? '');
      if (summary && trace[2] !== 'echo_summary') this.startPhase(summary[1] ?? summary[2] ?? summary[3] ?? '', time);
      return;
    }
    if (line === '[Call Trace]') {
      this.inCallTrace = true;
      this.callTrace.length = 0;
      return;
    }
    const error = ERROR.exec(line);
    if (error) {
      this.inCallTrace = false;
      this.errorLine = line;
      this.failedAt = error[1];
      return;
    }
    if (this.inCallTrace && /^\S+:\d+:\S+$/.test(line)) {
      this.callTrace.push(line);
      return;
    }
    if (line === 'Error on exit') {
      this.errorOnExit = true;
      return;
    }
    const completed = COMPLETED.exec(line);
    if (completed) this.completedSeconds = Number(completed[1]);
    if (line.trim() && !this.errorLine) {
      this.recentOutput.push(line);
      if (this.recentOutput.length > OUTPUT_TAIL) this.recentOutput.shift();
    }
  }

  finish(): StackLogSummary {
    const last = this.phases.at(-1);
    if (last && last.end === undefined) last.end = this.lastTime;
    const failed = this.errorLine !== undefined || this.errorOnExit;
    const outermost = this.callTrace[0]?.split(':');
    return {
      phases: this.phases.map((p) => ({ name: p.name, start: p.start, seconds: p.start !== undefined && p.end !== undefined ? (p.end - p.start) / 1000 : undefined })),
      completedSeconds: this.completedSeconds,
      failed,
      failedAt: this.failedAt,
      failingFunction: outermost ? `${outermost[2]} (${outermost[0]}:${outermost[1]})` : undefined,
      tellingLines: failed ? [...this.recentOutput, ...(this.callTrace.length ? ['[Call Trace]', ...this.callTrace] : []), ...(this.errorLine ? [this.errorLine] : [])] : [],
    };
  }

  private startPhase(name: string, time: number | undefined): void {
    const previous = this.phases.at(-1);
    if (previous && previous.end === undefined) previous.end = time;
    this.phases.push({ name, start: time, end: undefined });
  }
}
