// The two ProgressSinks: a redrawn status line on a TTY, timestamped lines otherwise.
import { formatElapsed, formatStatusLine, formatTimestamped, type ProgressSink } from './progress-sink.ts';

const REDRAW_MS = 100;

export function createConsoleProgress(stream: NodeJS.WriteStream = process.stderr, options: { verbose?: boolean } = {}): ProgressSink {
  return stream.isTTY && !options.verbose ? new StatusLineProgress(stream) : new PlainProgress(stream);
}

export class PlainProgress implements ProgressSink {
  private stage: string | undefined;
  private started = 0;

  constructor(private readonly out: { write(text: string): unknown }, private readonly now: () => Date = () => new Date()) {}

  stageStarted(stage: string): void {
    this.stage = stage;
    this.started = this.now().getTime();
    this.out.write(`${formatTimestamped(this.now(), stage, 'started')}\n`);
  }

  stageEnded(stage: string, outcome: string): void {
    const elapsed = formatElapsed(this.now().getTime() - this.started);
    this.out.write(`${formatTimestamped(this.now(), stage, `${outcome} (${elapsed})`)}\n`);
    this.stage = undefined;
  }

  line(text: string): void {
    this.out.write(`${formatTimestamped(this.now(), this.stage, text)}\n`);
  }

  note(text: string): void {
    this.out.write(`${formatTimestamped(this.now(), undefined, text)}\n`);
  }

  close(): void {}
}

class StatusLineProgress implements ProgressSink {
  private stage: string | undefined;
  private started = 0;
  private lastLine = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly out: NodeJS.WriteStream) {}

  stageStarted(stage: string): void {
    this.stage = stage;
    this.started = Date.now();
    this.lastLine = '';
    this.timer ??= setInterval(() => this.draw(), REDRAW_MS).unref();
    this.draw();
  }

  stageEnded(stage: string, outcome: string): void {
    this.clear();
    this.out.write(`${stage}: ${outcome} (${formatElapsed(Date.now() - this.started)})\n`);
    this.stage = undefined;
  }

  line(text: string): void {
    this.lastLine = text;
  }

  note(text: string): void {
    this.clear();
    this.out.write(`${text}\n`);
    this.draw();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
  }

  private draw(): void {
    if (!this.stage) return;
    this.out.write(`\r\u001b[2K${formatStatusLine(this.stage, Date.now() - this.started, this.lastLine, this.out.columns ?? 100)}`);
  }

  private clear(): void {
    this.out.write('\r\u001b[2K');
  }
}

/** For tests and library use: drops everything. */
export const silentProgress: ProgressSink = {
  stageStarted() {},
  stageEnded() {},
  line() {},
  note() {},
  close() {},
};
