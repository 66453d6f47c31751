// The reported form of a run, computed once from its results: retries folded in, every text
// masked raw (before any reporter escapes it, which would hide a secret from the Redactor), the
// comparison with a baseline, the verdict, the run-level properties and the extra sections. Every
// reporter reads this; none recomputes any of it.
import { compareRuns, comparisonProperties, renderComparison, type Comparison } from '../compare/compare-runs.ts';
import { damageTotals, reportableTests, totalsOf } from '../results/collect.ts';
import type { RunResults, TestResult } from '../results/model.ts';
import { readBaselineTests } from '../results/read-results.ts';
import { mergeRetries } from '../results/retries.ts';
import { stackCameUp, type StageOutcome } from '../run/stages.ts';
import { findKnownFailure, type KnownFailure } from '../selection/known-failures.ts';
import { judge, knownFailuresOf, type VerdictPolicy } from '../verdict/verdict.ts';
import { createRedactor, type Redactor } from './redact.ts';
import { redactResults, redactTest } from './redact-results.ts';
import type { ServiceLogLine } from './html/html-options.ts';
import type { RunEnvironment, RunReport } from './reporter.ts';

export interface RunReportInput {
  readonly results: RunResults;
  /** `--retry-failed`: the reruns' results, in order. */
  readonly retries?: readonly RunResults[];
  readonly stages?: readonly StageOutcome[];
  /** Default: what the stages say (a run without stage records is taken at its word). */
  readonly stackUp?: boolean;
  /** The selected test ids; default: the tests the results hold. */
  readonly selected?: readonly string[];
  /** What the run lacks (a merge's missing shards), each a reason the verdict fails. */
  readonly missingParts?: readonly string[];
  /** Without one, the report has no verdict. */
  readonly policy?: VerdictPolicy;
  /** An earlier run's report folder, and how the report names it. */
  readonly baseline?: { readonly dir: string; readonly label: string };
  readonly title?: string;
  readonly pageTitle: string;
  readonly logs?: readonly string[];
  readonly serviceLines?: ReadonlyMap<string, readonly ServiceLogLine[]>;
  readonly environment?: RunEnvironment;
  /** The run's secrets and the credential shapes; default: the shapes alone. */
  readonly redact?: Redactor;
}

export async function reportRun(input: RunReportInput): Promise<RunReport> {
  const redact = input.redact ?? createRedactor([]);
  const retried = mergeRetries(input.results, input.retries ?? []);
  const results = redactResults(retried.results, redact);
  const reruns = new Map([...retried.reruns].map(([id, attempts]) => [redact(id), attempts.map((test) => redactTest(test, redact))]));
  const flaky = retried.flaky.map(redact);
  const tests = reportableTests(results.tests);
  const stages = (input.stages ?? []).map((stage) => (stage.message ? { ...stage, message: redact(stage.message) } : stage));
  const baselineTests = input.baseline ? await readBaselineTests(input.baseline.dir) : undefined;
  const against = baselineTests ? compareRuns(baselineTests, tests) : undefined;
  const policy = input.policy;
  const selected = input.selected?.map(redact) ?? tests.map((test) => test.id);
  const verdict = policy
    ? judge({
        selected,
        results: tests,
        knownFailures: policy.knownFailures,
        stackUp: input.stackUp ?? stackCameUp(stages),
        // Stretches that were not subunit fail the verdict: what was lost may be a failure.
        damage: damageTotals(input.results, ...(input.retries ?? [])),
        missingParts: input.missingParts ?? [],
        voting: policy.voting,
        threshold: policy.threshold,
        onlyRegressions: policy.onlyRegressions && against !== undefined,
        regressions: against && baselineTests ? regressionsOf(against, baselineTests, selected, tests, policy.knownFailures) : [],
      })
    : undefined;
  const env = input.environment ?? {};
  const properties: Record<string, string> = {
    ...(env.runId ? { run_id: env.runId } : {}),
    ...(env.profile ? { profile: env.profile } : {}),
    ...(env.shards ? { shards: String(env.shards.length) } : {}),
    ...(verdict ? { verdict: verdict.passed ? 'passed' : 'failed', voting: String(verdict.voting), pass_rate: verdict.passRate.toFixed(4) } : {}),
    ...(against ? comparisonProperties(against) : {}),
  };
  const sections = [
    ...(against && input.baseline ? [renderComparison(against, input.baseline.label)] : []),
    ...(reruns.size ? [renderRetries(reruns, flaky)] : []),
  ];
  return {
    title: input.title === undefined ? undefined : redact(input.title),
    pageTitle: redact(input.pageTitle),
    results,
    tests,
    totals: totalsOf(tests),
    reruns,
    flaky,
    comparison: against && input.baseline ? { baselineDir: input.baseline.dir, label: input.baseline.label, against } : undefined,
    verdict,
    knownFailures: verdict ? knownFailuresOf(verdict) : new Map(),
    stages,
    sections,
    properties,
    logs: input.logs ?? [],
    serviceLines: new Map([...(input.serviceLines ?? [])].map(([id, lines]) => [id, lines.map((line) => ({ ...line, text: redact(line.text) }))])),
    environment: env.localConf === undefined ? env : { ...env, localConf: redact(env.localConf) },
    redact,
  };
}

/**
 * What `--only-regressions` fails a verdict on: a new failure that is not on the known-failures
 * list (a known one is not counted, with or without a baseline), and a test the baseline ran that
 * this run selected and never ran (a Tempest that stopped half-way is no improvement).
 */
function regressionsOf(against: Comparison, baseline: readonly TestResult[], selected: readonly string[], tests: readonly TestResult[], knownFailures: readonly KnownFailure[]): string[] {
  const ranHere = new Set(tests.filter((test) => test.status !== 'notrun').map((test) => test.id));
  const ranBefore = new Set(baseline.filter((test) => test.status !== 'notrun').map((test) => test.id));
  const lost = selected.filter((id) => !ranHere.has(id) && ranBefore.has(id));
  return [...new Set([...against.newFailures.filter((id) => !findKnownFailure(knownFailures, id)), ...lost])];
}

function renderRetries(reruns: ReadonlyMap<string, readonly TestResult[]>, flaky: readonly string[]): string {
  const stillFailing = [...reruns.keys()].filter((id) => !flaky.includes(id));
  const lines = [`## Retried tests (${reruns.size})`, '', `${flaky.length} flaky (passed on a retry), ${stillFailing.length} failed every time.`, ''];
  for (const id of flaky) lines.push(`- flaky: \`${id}\` (passed after ${reruns.get(id)?.length} failed attempt(s))`);
  for (const id of stillFailing) lines.push(`- still failing: \`${id}\``);
  return `${lines.join('\n')}\n`;
}
