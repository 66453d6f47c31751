// junit.xml: Tempest's tests, the stages as a suite of their own, Surefire's retry elements.
import { renderJunitPieces } from './junit.ts';
import type { Reporter } from './reporter.ts';

export const junitReporter: Reporter = {
  file: 'junit.xml',
  render: (report) => renderJunitPieces(report.results, { stages: report.stages, properties: report.properties, reruns: report.reruns, knownFailures: report.knownFailures }),
};
