// The report stage: the run's subunit stream into results, the verdict, junit.xml (with the
// stages as a suite of their own), summary.md, index.html and manifest.json.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { GatePlan } from '../plan/gate-plan.ts';
import type { ProgressSink } from '../progress/progress-sink.ts';
import { renderHtmlReport } from '../report/html.ts';
import { readFolderFacts } from '../report/html/folder-facts.ts';
import { renderJunit } from '../report/junit.ts';
import { readBaselineTests, readResults } from '../report/read-results.ts';
import type { RunFolder } from '../report/run-folder.ts';
import { appendStepSummary } from '../report/step-summary.ts';
import { renderSummary } from '../report/summary.ts';
import { reportableTests, totalsOf } from '../results/collect.ts';
import type { RunResults, TestResult } from '../results/model.ts';
import { compareRuns, comparisonProperties, renderComparison } from '../compare/compare-runs.ts';
import { mergeRetries } from '../results/retries.ts';
import { judge, percent, renderVerdict } from '../verdict/verdict.ts';
import { stackCameUp } from './stage-outcome.ts';
import type { StageRunner } from './stage-runner.ts';

const EMPTY: RunResults = { tests: [], text: '', textBytes: 0, start: undefined, end: undefined };

export async function writeGateReport(
  plan: GatePlan,
  folder: RunFolder,
  runner: StageRunner,
  selected: readonly string[] | undefined,
  progress: ProgressSink,
  imageId: string | undefined,
  engineHost: string,
): Promise<number> {
  const subunit = folder.path('tempest.subunit');
  const first = existsSync(subunit) ? await readResults(subunit).catch(() => EMPTY) : EMPTY;
  const retries: RunResults[] = [];
  for (let attempt = 1; existsSync(folder.path(`tempest-retry-${attempt}.subunit`)); attempt++) retries.push(await readResults(folder.path(`tempest-retry-${attempt}.subunit`)));
  const { results, reruns, flaky } = mergeRetries(first, retries);
  const tests = reportableTests(results.tests);
  const comparison = plan.baselineDir ? compareRuns(await readBaselineTests(plan.baselineDir), tests) : undefined;
  const stackUp = stackCameUp(runner.outcomes);
  const verdict = judge({
    selected: selected ?? tests.map((test) => test.id),
    results: tests,
    knownFailures: plan.knownFailures,
    stackUp,
    voting: plan.voting,
    threshold: plan.threshold,
    onlyRegressions: plan.onlyRegressions && comparison !== undefined,
    regressions: comparison?.newFailures ?? [],
  });
  // The report stage itself is still running: it is recorded as passed here, as it will be.
  const stages = [...runner.outcomes];
  const verdictBlock = renderVerdict(verdict);
  const properties = {
    run_id: plan.runId,
    profile: plan.profile.name,
    verdict: verdict.passed ? 'passed' : 'failed',
    voting: String(plan.voting),
    pass_rate: verdict.passRate.toFixed(4),
    ...(comparison ? comparisonProperties(comparison) : {}),
  };
  const sections = [
    ...(comparison && plan.baselineDir ? [renderComparison(comparison, plan.baselineDir)] : []),
    ...(reruns.size ? [renderRetries(reruns, flaky)] : []),
  ];
  await folder.writeText('junit.xml', renderJunit(results, { stages, properties, reruns }));
  const summary = renderSummary(results, { title: `dockenstack gate ${plan.runId} (${plan.profile.name})`, verdictBlock, stages, sections });
  await folder.writeText('summary.md', summary);
  const facts = await readFolderFacts(folder.root, results);
  await folder.writeText('index.html', renderHtmlReport(results, {
    title: `dockenstack ${plan.runId}`,
    verdictBlock,
    stages,
    reruns,
    flaky,
    ...facts,
    environment: { ...facts.environment, profile: plan.profile.name, imageId, engine: engineHost },
    comparison: comparison && plan.baselineDir ? { baseline: plan.baselineDir, ...comparison } : undefined,
    knownFailures: verdict.knownFailed.map(({ id, known }) => ({ id, reason: known.reason })),
  }));
  const totals = totalsOf(tests);
  const versions = existsSync(folder.path('versions.txt')) ? (await readFile(folder.path('versions.txt'), 'utf8')).trim().split('\n') : [];
  await folder.writeText(
    'manifest.json',
    `${JSON.stringify(
      {
        runId: plan.runId,
        profile: plan.profile.name,
        engine: engineHost,
        image: { repository: plan.image.repository, id: imageId ?? null, buildArgs: plan.image.buildArgs },
        selection: { selected: selected?.length ?? null, shard: plan.shard ?? null },
        totals,
        comparison: comparison ? { baseline: plan.baselineDir, ...comparisonProperties(comparison) } : null,
        verdict: { passed: verdict.passed, voting: verdict.voting, passRate: verdict.passRate, threshold: verdict.threshold, reasons: verdict.reasons },
        stages: stages.map((s) => ({ name: s.name, status: s.status, seconds: s.durationMs / 1000, message: s.message ?? null })),
        packages: versions,
        tools: { node: process.version },
      },
      null,
      2,
    )}\n`,
  );
  await appendStepSummary(summary);
  progress.note(`${verdict.passed ? 'PASSED' : 'FAILED'} (${plan.voting ? 'voting' : 'non-voting'}): ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped, ${totals.notRun} not run; pass rate ${percent(verdict.passRate)}`);
  progress.note(`reports: ${folder.root}`);
  return verdict.exitCode;
}

function renderRetries(reruns: ReadonlyMap<string, readonly TestResult[]>, flaky: readonly string[]): string {
  const stillFailing = [...reruns.keys()].filter((id) => !flaky.includes(id));
  const lines = [`## Retried tests (${reruns.size})`, '', `${flaky.length} flaky (passed on a retry), ${stillFailing.length} failed every time.`, ''];
  for (const id of flaky) lines.push(`- flaky: \`${id}\` (passed after ${reruns.get(id)?.length} failed attempt(s))`);
  for (const id of stillFailing) lines.push(`- still failing: \`${id}\``);
  return `${lines.join('\n')}\n`;
}
