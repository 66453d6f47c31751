// manifest.json: the run in one machine-readable record, the same shape for a gate, a merge and
// a report of a bare stream (what one of them does not know is null). A merge reads its shards'
// `profile`, `stages` and `verdict.threshold` back; `dockenstack runs` reads `startedAt` and `seconds`.
import { comparisonProperties } from '../compare/compare-runs.ts';
import { knownFailedRecord } from '../verdict/verdict.ts';
import type { Reporter, RunReport } from './reporter.ts';

export function manifestOf(report: RunReport): object {
  const { environment: env, verdict, comparison } = report;
  return {
    ...(env.source !== undefined ? { source: env.source } : {}),
    runId: env.runId ?? null,
    ...spanOf(report),
    profile: env.profile ?? null,
    engine: env.engine ?? null,
    image: env.image ?? null,
    selection: env.selection ?? null,
    shards: env.shards ?? null,
    shardsWithoutStack: env.shardsWithoutStack ?? [],
    totals: report.totals,
    comparison: comparison ? { baseline: comparison.baselineDir, ...comparisonProperties(comparison.against) } : null,
    verdict: verdict
      ? {
          passed: verdict.passed,
          voting: verdict.voting,
          passRate: verdict.passRate,
          threshold: verdict.threshold,
          reasons: verdict.reasons,
          // The failures in totals.failed that the verdict did not count, and why; the selected
          // tests that never ran (what a merge of this folder with others counts as not run).
          knownFailed: knownFailedRecord(verdict),
          notRun: verdict.notRun,
        }
      : null,
    stages: report.stages.map((s) => ({ name: s.name, status: s.status, seconds: s.durationMs / 1000, message: s.message ?? null })),
    packages: env.packages ?? [],
    tools: { node: process.version },
  };
}

/**
 * When the run began and how long it took, up to its report: from its stages (a gate, a merge),
 * else from its tests' timestamps (a bare stream); null when neither says.
 */
function spanOf(report: RunReport): { startedAt: string | null; seconds: number | null } {
  const { stages, results } = report;
  const first = stages[0];
  if (first) {
    const end = Math.max(...stages.map((s) => s.startedAt.getTime() + s.durationMs));
    return { startedAt: first.startedAt.toISOString(), seconds: (end - first.startedAt.getTime()) / 1000 };
  }
  if (results.start === undefined) return { startedAt: null, seconds: null };
  return { startedAt: new Date(results.start).toISOString(), seconds: results.end === undefined ? null : (results.end - results.start) / 1000 };
}

export const manifestReporter: Reporter = {
  file: 'manifest.json',
  render: (report) => [`${JSON.stringify(manifestOf(report), null, 2)}\n`],
};
