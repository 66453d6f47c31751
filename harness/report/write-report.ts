// The one function that writes a run's report folder: each reporter's pieces straight to its
// file as they are made, then the summary to the CI step summary when asked. Gate, `report` and
// `merge` all end here. The reported form was masked raw by reportRun; a gate's files are masked
// again on the way (its secrets may also sit in what no result holds), as a net.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { htmlReporter } from './html-reporter.ts';
import { junitReporter } from './junit-reporter.ts';
import { manifestReporter } from './manifest-reporter.ts';
import type { Redactor } from './redact.ts';
import type { Reporter, RunReport } from './reporter.ts';
import { appendStepSummary } from './step-summary.ts';
import { summaryOf, summaryReporter } from './summary-reporter.ts';
import { writePieces } from './write-pieces.ts';

export const REPORTERS: readonly Reporter[] = [junitReporter, summaryReporter, htmlReporter, manifestReporter];

export interface WriteOptions {
  readonly reporters?: readonly Reporter[];
  readonly redact?: Redactor;
  /** Append summary.md to $GITHUB_STEP_SUMMARY (a gate's and a merge's, not a bare stream's). */
  readonly stepSummary?: boolean;
}

export async function writeRunReport(report: RunReport, folder: string, options: WriteOptions = {}): Promise<void> {
  mkdirSync(folder, { recursive: true });
  const redact = options.redact;
  for (const reporter of options.reporters ?? REPORTERS) {
    const pieces = reporter.render(report);
    writePieces(join(folder, reporter.file), redact ? redactedPieces(pieces, redact) : pieces);
  }
  if (options.stepSummary) {
    // The step summary leaves the run folder: masked again whoever wrote the report.
    await appendStepSummary((redact ?? report.redact)(summaryOf(report)));
  }
}

/**
 * Pieces redacted whole lines at a time: a secret or a credential never spans a line, but it may
 * span two pieces, so the text after a piece's last newline waits for the next piece.
 */
export function* redactedPieces(pieces: Iterable<string>, redact: Redactor): Generator<string> {
  let carry = '';
  for (const piece of pieces) {
    const text = carry + piece;
    const cut = text.lastIndexOf('\n') + 1;
    carry = text.slice(cut);
    if (cut) yield redact(text.slice(0, cut));
  }
  if (carry) yield redact(carry);
}
