// Output arrives in arbitrary chunks; users and parsers want lines, as soon as each one ends.
import { StringDecoder } from 'node:string_decoder';

/** Lines longer than this are cut, so one runaway line cannot hold the whole output in memory. */
const MAX_LINE = 64 * 1024;

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer | string): void {
    this.pending += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    let newline = this.pending.indexOf('\n');
    while (newline !== -1) {
      this.onLine(stripCarriageReturn(this.pending.slice(0, newline)));
      this.pending = this.pending.slice(newline + 1);
      newline = this.pending.indexOf('\n');
    }
    if (this.pending.length > MAX_LINE) {
      this.onLine(this.pending.slice(0, MAX_LINE));
      this.pending = this.pending.slice(MAX_LINE);
    }
  }

  /** The last line, when the output did not end with a newline. */
  end(): void {
    this.pending += this.decoder.end();
    if (this.pending.length) this.onLine(stripCarriageReturn(this.pending));
    this.pending = '';
  }
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
