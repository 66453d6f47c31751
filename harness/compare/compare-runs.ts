// A run against a baseline (an earlier run's report folder): what broke, what got fixed, what
// still fails, what is newly skipped or newly not run, and what the baseline ran that this run
// does not have at all (a failure of the baseline that vanished is called out, not lost).
// Pure: two lists of results in.
import { isFailing, isPassing, type TestStatus } from '../results/test-status.ts';

export interface Comparison {
  readonly newFailures: readonly string[];
  readonly fixed: readonly string[];
  readonly stillFailing: readonly string[];
  readonly newlySkipped: readonly string[];
  readonly newlyNotRun: readonly string[];
  /** Tests of the baseline that are not in this run, in the baseline's order. */
  readonly missing: readonly string[];
  /** The missing tests that failed in the baseline: a failure that vanished, not one fixed. */
  readonly missingFailures: readonly string[];
}

type Outcome = { readonly id: string; readonly status: TestStatus };

export function compareRuns(baseline: readonly Outcome[], current: readonly Outcome[]): Comparison {
  const before = new Map(baseline.map((t) => [t.id, t.status]));
  const newFailures: string[] = [];
  const fixed: string[] = [];
  const stillFailing: string[] = [];
  const newlySkipped: string[] = [];
  const newlyNotRun: string[] = [];
  for (const { id, status } of current) {
    const was = before.get(id);
    if (isFailing(status)) (isFailing(was) ? stillFailing : newFailures).push(id);
    else if (isPassing(status) && isFailing(was)) fixed.push(id);
    else if (status === 'skip' && was !== undefined && was !== 'skip') newlySkipped.push(id);
    else if (status === 'notrun' && was !== undefined && was !== 'notrun') newlyNotRun.push(id);
  }
  const now = new Set(current.map((t) => t.id));
  const missingTests = baseline.filter((t) => !now.has(t.id));
  const missing = missingTests.map((t) => t.id);
  const missingFailures = missingTests.filter((t) => isFailing(t.status)).map((t) => t.id);
  return { newFailures, fixed, stillFailing, newlySkipped, newlyNotRun, missing, missingFailures };
}

export function renderComparison(comparison: Comparison, baselineLabel: string): string {
  const lines = [`## Compared with ${baselineLabel}`, ''];
  const rows: [string, readonly string[]][] = [
    ['New failures', comparison.newFailures],
    ['Fixed', comparison.fixed],
    ['Still failing', comparison.stillFailing],
    ['Newly skipped', comparison.newlySkipped],
    ['Newly not run', comparison.newlyNotRun],
    ['Missing from this run', comparison.missing],
  ];
  lines.push('| | tests |', '|---|---:|', ...rows.map(([label, ids]) => `| ${label} | ${ids.length} |`));
  if (comparison.missing.length) lines.push(`| … of them failed in the baseline | ${comparison.missingFailures.length} |`);
  lines.push('');
  // The failures among the missing come first: a failure that vanished must not pass unseen.
  const missingFailures = new Set(comparison.missingFailures);
  const sections: [string, readonly string[]][] = [
    ...rows.filter(([label]) => label !== 'Missing from this run'),
    ['Missing from this run, failed in the baseline', comparison.missingFailures],
    ['Missing from this run', comparison.missing.filter((id) => !missingFailures.has(id))],
  ];
  for (const [label, ids] of sections) {
    if (!ids.length) continue;
    lines.push(`### ${label} (${ids.length})`, '', ...ids.slice(0, 100).map((id) => `- \`${id}\``));
    if (ids.length > 100) lines.push(`- … and ${ids.length - 100} more`);
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

export function comparisonProperties(comparison: Comparison): Record<string, string> {
  return {
    'baseline.new_failures': String(comparison.newFailures.length),
    'baseline.fixed': String(comparison.fixed.length),
    'baseline.still_failing': String(comparison.stillFailing.length),
    'baseline.newly_skipped': String(comparison.newlySkipped.length),
    'baseline.newly_not_run': String(comparison.newlyNotRun.length),
    'baseline.missing': String(comparison.missing.length),
    'baseline.missing_failures': String(comparison.missingFailures.length),
  };
}
