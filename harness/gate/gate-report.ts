// The report stage: the run folder's subunit streams (the run's and its retries') into the
// reported form, written by the same reporters as `report` and `merge`, and the verdict's exit code.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { GatePlan } from '../plan/gate-plan.ts';
import type { ProgressSink } from '../progress/progress-sink.ts';
import type { Redactor } from '../report/redact.ts';
import { readFolderFacts } from '../report/html/folder-facts.ts';
import type { RunFolder } from '../report/run-folder.ts';
import { reportRun } from '../report/run-report.ts';
import { writeRunReport } from '../report/write-report.ts';
import type { RunResults } from '../results/model.ts';
import { readResults } from '../results/read-results.ts';
import type { StageOutcome } from '../run/stages.ts';
import { failedCountText, percent } from '../verdict/verdict.ts';

const EMPTY: RunResults = { tests: [], text: '', textBytes: 0, damage: [], damageCount: 0, start: undefined, end: undefined };

export interface GateOutcome {
  /** The stages so far: the report stage itself is still running. */
  readonly stages: readonly StageOutcome[];
  /** What the tempest stage selected, if it got that far. */
  readonly selected: readonly string[] | undefined;
  readonly imageId: string | undefined;
  readonly engineHost: string;
}

export async function writeGateReport(plan: GatePlan, folder: RunFolder, outcome: GateOutcome, progress: ProgressSink, redact: Redactor): Promise<number> {
  const subunit = folder.path('tempest.subunit');
  const results = existsSync(subunit) ? await readResults(subunit).catch(() => EMPTY) : EMPTY;
  const retries: RunResults[] = [];
  for (let attempt = 1; existsSync(folder.path(`tempest-retry-${attempt}.subunit`)); attempt++) retries.push(await readResults(folder.path(`tempest-retry-${attempt}.subunit`)));
  const versions = existsSync(folder.path('versions.txt')) ? (await readFile(folder.path('versions.txt'), 'utf8')).trim().split('\n') : [];
  const { baselineDir } = plan.verdict;
  // What index.html shows of the folder beside the results: its files, local.conf, and the
  // service-log lines of the failed tests' request ids (the logs were masked when they were written).
  const facts = await readFolderFacts(folder.root, results);
  const report = await reportRun({
    results,
    retries,
    redact,
    stages: outcome.stages,
    ...(outcome.selected ? { selected: outcome.selected } : {}),
    policy: plan.verdict,
    ...(baselineDir ? { baseline: { dir: baselineDir, label: baselineDir } } : {}),
    title: `dockenstack gate ${plan.runId} (${plan.profile.name})`,
    pageTitle: `dockenstack ${plan.runId}`,
    logs: facts.logs ?? [],
    ...(facts.serviceLines ? { serviceLines: facts.serviceLines } : {}),
    environment: {
      runId: plan.runId,
      profile: plan.profile.name,
      engine: outcome.engineHost,
      image: { repository: plan.stack.image.repository, id: outcome.imageId ?? null, buildArgs: plan.stack.image.buildArgs },
      selection: { selected: outcome.selected?.length ?? null, shard: plan.shard ? { index: plan.shard.index, count: plan.shard.count } : null },
      packages: versions,
      ...(facts.environment.localConf !== undefined ? { localConf: facts.environment.localConf } : {}),
    },
  });
  await writeRunReport(report, folder.root, { redact, stepSummary: true });
  const { totals } = report;
  const verdict = report.verdict;
  if (!verdict) throw new Error('a gate report always has a verdict');
  progress.note(`${verdict.passed ? 'PASSED' : 'FAILED'} (${verdict.voting ? 'voting' : 'non-voting'}): ${totals.passed} passed, ${failedCountText(totals.failed, verdict)}, ${totals.skipped} skipped, ${totals.notRun} not run, ${totals.damaged} damaged; pass rate ${percent(verdict.passRate)}`, verdict.passed ? 'pass' : 'fail');
  progress.note(`reports: ${folder.root}`);
  return verdict.exitCode;
}
