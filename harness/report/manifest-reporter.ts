// manifest.json: the run in one machine-readable record, the same shape for a gate, a merge and
// a report of a bare stream (what one of them does not know is null). A merge reads its shards'
// `profile`, `stages` and `verdict.threshold` back.
import { comparisonProperties } from '../compare/compare-runs.ts';
import type { Reporter, RunReport } from './reporter.ts';

export function manifestOf(report: RunReport): object {
  const { environment: env, verdict, comparison } = report;
  return {
    ...(env.source !== undefined ? { source: env.source } : {}),
    runId: env.runId ?? null,
    profile: env.profile ?? null,
    engine: env.engine ?? null,
    image: env.image ?? null,
    selection: env.selection ?? null,
    shards: env.shards ?? null,
    shardsWithoutStack: env.shardsWithoutStack ?? [],
    totals: report.totals,
    comparison: comparison ? { baseline: comparison.baselineDir, ...comparisonProperties(comparison.against) } : null,
    verdict: verdict ? { passed: verdict.passed, voting: verdict.voting, passRate: verdict.passRate, threshold: verdict.threshold, reasons: verdict.reasons } : null,
    stages: report.stages.map((s) => ({ name: s.name, status: s.status, seconds: s.durationMs / 1000, message: s.message ?? null })),
    packages: env.packages ?? [],
    tools: { node: process.version },
  };
}

export const manifestReporter: Reporter = {
  file: 'manifest.json',
  render: (report) => [`${JSON.stringify(manifestOf(report), null, 2)}\n`],
};
