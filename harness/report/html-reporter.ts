// index.html: one self-contained page of the run, drawn from the reported form as data (the
// comparison and the retries structured, not as the summary's Markdown sections).
import { renderVerdict } from '../verdict/verdict.ts';
import { renderHtmlPieces } from './html.ts';
import type { Reporter } from './reporter.ts';

export const htmlReporter: Reporter = {
  file: 'index.html',
  render: (report) => {
    const env = report.environment;
    return renderHtmlPieces(report.results, {
      title: report.pageTitle,
      ...(report.verdict ? { verdictBlock: renderVerdict(report.verdict) } : {}),
      stages: report.stages,
      logs: report.logs,
      knownFailures: report.knownFailures,
      reruns: report.reruns,
      flaky: report.flaky,
      ...(report.comparison ? { comparison: { baseline: report.comparison.label, ...report.comparison.against } } : {}),
      environment: {
        ...(env.profile ? { profile: env.profile } : {}),
        ...(env.image?.id ? { imageId: env.image.id } : {}),
        ...(env.engine ? { engine: env.engine } : {}),
        ...(env.localConf !== undefined ? { localConf: env.localConf } : {}),
        ...(env.packages?.length ? { packages: env.packages } : {}),
      },
      serviceLines: report.serviceLines,
    });
  },
};
