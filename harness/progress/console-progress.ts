// The two ProgressSinks: a redrawn status line on a TTY, timestamped lines otherwise. Either one
// colours its tones when colour.ts says its stream wants colour.
import { colourWanted, createPalette, type Palette, type Tone } from './colour.ts';
import { formatElapsed, formatStage, formatStatusLine, formatTimestamped, type ProgressSink, type StageStep } from './progress-sink.ts';

const REDRAW_MS = 100;

export function createConsoleProgress(stream: NodeJS.WriteStream = process.stderr, options: { verbose?: boolean } = {}): ProgressSink {
  const palette = createPalette(colourWanted(stream.isTTY === true, process.env));
  return stream.isTTY && !options.verbose ? new StatusLineProgress(stream, palette) : new PlainProgress(stream, () => new Date(), palette);
}

export class PlainProgress implements ProgressSink {
  private stage: string | undefined;
  private started = 0;

  constructor(
    private readonly out: { write(text: string): unknown },
    private readonly now: () => Date = () => new Date(),
    private readonly palette: Palette = createPalette(false),
  ) {}

  stageStarted(stage: string, step?: StageStep): void {
    this.stage = stage;
    this.started = this.now().getTime();
    this.out.write(`${formatTimestamped(this.now(), formatStage(stage, step), 'started')}\n`);
  }

  stageEnded(stage: string, outcome: string, tone?: Tone): void {
    const elapsed = formatElapsed(this.now().getTime() - this.started);
    this.out.write(`${formatTimestamped(this.now(), stage, this.palette.paint(`${outcome} (${elapsed})`, tone))}\n`);
    this.stage = undefined;
  }

  line(text: string): void {
    this.out.write(`${formatTimestamped(this.now(), this.stage, text)}\n`);
  }

  note(text: string, tone?: Tone): void {
    this.out.write(`${formatTimestamped(this.now(), undefined, this.palette.paint(text, tone))}\n`);
  }

  close(): void {}
}

class StatusLineProgress implements ProgressSink {
  private stage: string | undefined;
  private started = 0;
  private lastLine = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly palette: Palette,
  ) {}

  stageStarted(stage: string, step?: StageStep): void {
    this.stage = formatStage(stage, step);
    this.started = Date.now();
    this.lastLine = '';
    this.timer ??= setInterval(() => this.draw(), REDRAW_MS).unref();
    this.draw();
  }

  stageEnded(stage: string, outcome: string, tone?: Tone): void {
    this.clear();
    this.out.write(`${stage}: ${this.palette.paint(`${outcome} (${formatElapsed(Date.now() - this.started)})`, tone)}\n`);
    this.stage = undefined;
  }

  line(text: string): void {
    this.lastLine = text;
  }

  note(text: string, tone?: Tone): void {
    this.clear();
    this.out.write(`${this.palette.paint(text, tone)}\n`);
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
