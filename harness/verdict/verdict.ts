// The gate's verdict from its results. Pass rate = passed / counted, where counted is every
// selected test, and every test the run reported besides (a failure is a failure whatever selected
// it), except skips and known failures that failed; a selected test that never ran (or crashed)
// counts as not passed. By default every counted test must pass, as OpenStack's gates
// fail on any unexpected failure; a threshold below 100 % is an explicit relaxation, and the
// verdict says so. A stack that never came up fails the gate, and so does a damaged stream (what
// was lost may be a failure). Non-voting gates exit 0 whatever the verdict, and say it.
import { ExitCode } from '../errors.ts';
import { isFailure, isPassing, type TestStatus } from '../results/test-status.ts';
import { findKnownFailure, type KnownFailure } from '../selection/known-failures.ts';

export interface VerdictInput {
  /** The selected test ids; a selected id with no result counts as not run. A result outside them is judged too. */
  readonly selected: readonly string[];
  readonly results: readonly { readonly id: string; readonly status: TestStatus }[];
  readonly knownFailures: readonly KnownFailure[];
  /** False when a stage before Tempest failed: the stack never came up. */
  readonly stackUp: boolean;
  readonly voting: boolean;
  /** 0..1; default 1: every counted test must pass. Lower is a relaxation (`--threshold`). */
  readonly threshold?: number;
  /** With a baseline: fail a voting gate only on these (new failures not known, tests the baseline ran that never ran here). */
  readonly regressions?: readonly string[];
  readonly onlyRegressions?: boolean;
  /** Stretches of the stream that were not subunit: any fails the verdict, baseline or not. */
  readonly damage?: { readonly count: number; readonly bytes: number };
  /** Parts of the run that are missing (a merge without one of its shards): each fails the verdict, baseline or not. */
  readonly missingParts?: readonly string[];
}

/** What a run's options decide of its verdict; the rest comes from the run. */
export interface VerdictPolicy {
  readonly knownFailures: readonly KnownFailure[];
  readonly voting: boolean;
  /** 0..1. */
  readonly threshold: number;
  /** With a baseline: fail a voting verdict only on new failures. */
  readonly onlyRegressions: boolean;
}

export interface Verdict {
  readonly passed: boolean;
  readonly voting: boolean;
  readonly exitCode: ExitCode;
  readonly passRate: number;
  readonly threshold: number;
  /** The threshold is below 100 %: failures were allowed on purpose. */
  readonly relaxed: boolean;
  readonly counted: number;
  readonly passedCount: number;
  readonly failures: readonly string[];
  readonly knownFailed: readonly { id: string; known: KnownFailure }[];
  readonly knownButPassed: readonly { id: string; known: KnownFailure }[];
  readonly notRun: readonly string[];
  readonly skipped: number;
  readonly reasons: readonly string[];
}

export const DEFAULT_THRESHOLD = 1;

export function judge(input: VerdictInput): Verdict {
  const threshold = input.threshold ?? DEFAULT_THRESHOLD;
  const statusOf = new Map<string, TestStatus>();
  for (const result of input.results) statusOf.set(result.id, result.status);
  let passedCount = 0;
  let skipped = 0;
  const failures: string[] = [];
  const notRun: string[] = [];
  const knownFailed: { id: string; known: KnownFailure }[] = [];
  const knownButPassed: { id: string; known: KnownFailure }[] = [];
  // What ran but was not selected (a plugin's test, a class fixture, a selection told wrongly to
  // `report`) is judged as well: the reports show its failure, so the verdict counts it.
  const judged = new Set(input.selected);
  for (const result of input.results) judged.add(result.id);
  for (const id of judged) {
    const status = statusOf.get(id) ?? 'notrun';
    const known = findKnownFailure(input.knownFailures, id);
    if (status === 'skip') skipped++;
    else if (isPassing(status)) {
      passedCount++;
      if (known) knownButPassed.push({ id, known });
    } else if (known && isFailure(status)) knownFailed.push({ id, known });
    else if (status === 'notrun') notRun.push(id);
    else failures.push(id);
  }
  const counted = judged.size - skipped - knownFailed.length;
  const passRate = counted > 0 ? passedCount / counted : 0;
  const reasons: string[] = [];
  if (!input.stackUp) reasons.push('the stack never came up');
  else if (counted === 0) reasons.push('no test ran that counts');
  if (input.stackUp && counted > 0 && passRate < threshold) {
    reasons.push(
      threshold < 1
        ? `pass rate ${percent(passRate)} is below the threshold ${percent(threshold)} (relaxed with --threshold)`
        : `${counted - passedCount} of ${counted} counted test(s) did not pass: every counted test must pass`,
    );
  }
  let passed = reasons.length === 0;
  if (input.onlyRegressions && input.stackUp) {
    passed = (input.regressions ?? []).length === 0;
    reasons.length = 0;
    if (!passed) reasons.push(`${input.regressions?.length} regression(s) since the baseline: new failures not on the known-failures list, or tests it ran that never ran here`);
  }
  for (const part of input.missingParts ?? []) {
    passed = false;
    reasons.push(part);
  }
  if (input.damage && input.damage.count > 0) {
    passed = false;
    reasons.push(`the subunit stream is damaged: ${input.damage.count} stretch(es), ${input.damage.bytes} bytes, are not subunit (see "Damaged input")`);
  }
  return {
    passed,
    voting: input.voting,
    exitCode: passed || !input.voting ? ExitCode.ok : ExitCode.gateFailed,
    passRate,
    threshold,
    relaxed: threshold < 1,
    counted,
    passedCount,
    failures,
    knownFailed,
    knownButPassed,
    notRun,
    skipped,
    reasons,
  };
}

/**
 * A count of failed tests as the console prints it, with the known failures among them said, as
 * the summary's and the HTML's failure lists say it: `6 failed (1 known, not counted)`.
 */
export function failedCountText(failed: number, verdict: Pick<Verdict, 'knownFailed'> | undefined): string {
  const known = verdict?.knownFailed.length ?? 0;
  return `${failed} failed${known ? ` (${known} known, not counted)` : ''}`;
}

/** The known failures that failed, as a machine-readable record (manifest.json, report --json). */
export function knownFailedRecord(verdict: Pick<Verdict, 'knownFailed'>): { id: string; reason: string; link: string | null; where: string }[] {
  return verdict.knownFailed.map(({ id, known }) => ({ id, reason: known.reason, link: known.link ?? null, where: known.where }));
}

/** The known failures the verdict did not count, by test id: what the reports mark. */
export function knownFailuresOf(verdict: Verdict): ReadonlyMap<string, KnownFailure> {
  return new Map(verdict.knownFailed.map(({ id, known }) => [id, known]));
}

export function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)} %`;
}

/** What the verdict asks of the tests, as the verdict and the dry run print it. */
export function describeThreshold(threshold: number): string {
  return threshold < 1 ? `threshold ${percent(threshold)}, relaxed with --threshold` : 'every counted test must pass';
}

/** The verdict block for summary.md and the console. */
export function renderVerdict(verdict: Verdict): string {
  const head = verdict.passed ? 'PASSED' : 'FAILED';
  const kind = verdict.voting ? 'voting' : 'non-voting';
  const lines = [
    `**Verdict: ${head}** (${kind} gate${!verdict.voting && !verdict.passed ? ': reported, does not fail the job' : ''})`,
    '',
    `- pass rate ${percent(verdict.passRate)} (${verdict.passedCount} of ${verdict.counted} counted tests; ${describeThreshold(verdict.threshold)}); ${verdict.skipped} skipped`,
  ];
  for (const reason of verdict.reasons) lines.push(`- ${reason}`);
  if (verdict.failures.length) lines.push(`- ${verdict.failures.length} failure(s) not in the known-failures list`);
  if (verdict.notRun.length) lines.push(`- ${verdict.notRun.length} selected test(s) never ran`);
  if (verdict.knownFailed.length) lines.push(`- ${verdict.knownFailed.length} known failure(s), not counted`);
  for (const { id, known } of verdict.knownButPassed) lines.push(`- known failure now passes, remove it from the list (${known.where}): \`${id}\``);
  return `${lines.join('\n')}\n`;
}
