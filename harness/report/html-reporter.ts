// index.html: one self-contained page of the run.
import { renderVerdict } from '../verdict/verdict.ts';
import { renderHtmlPieces } from './html.ts';
import type { Reporter } from './reporter.ts';

export const htmlReporter: Reporter = {
  file: 'index.html',
  render: (report) =>
    renderHtmlPieces(report.results, {
      title: report.pageTitle,
      ...(report.verdict ? { verdictBlock: renderVerdict(report.verdict) } : {}),
      stages: report.stages,
      logs: report.logs,
      sections: report.sections,
      knownFailures: report.knownFailures,
    }),
};
