// summary.md: the verdict, totals, failures and what never ran; also what a CI step summary shows.
import { renderVerdict } from '../verdict/verdict.ts';
import type { Reporter, RunReport } from './reporter.ts';
import { renderSummary } from './summary.ts';

export function summaryOf(report: RunReport): string {
  return renderSummary(report.results, {
    ...(report.title ? { title: report.title } : {}),
    ...(report.verdict ? { verdictBlock: renderVerdict(report.verdict) } : {}),
    stages: report.stages,
    sections: report.sections,
    knownFailures: report.knownFailures,
  });
}

export const summaryReporter: Reporter = {
  file: 'summary.md',
  render: (report) => [summaryOf(report)],
};
