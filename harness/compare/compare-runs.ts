// A run against a baseline (an earlier run's report folder): what broke, what got fixed, what
// still fails, and what is newly skipped or newly not run. Pure: two lists of results in.
import type { TestStatus } from '../results/test-status.ts';

export interface Comparison {
  readonly newFailures: readonly string[];
  readonly fixed: readonly string[];
  readonly stillFailing: readonly string[];
  readonly newlySkipped: readonly string[];
  readonly newlyNotRun: readonly string[];
}

type Outcome = { readonly id: string; readonly status: TestStatus };

const failing = (status: TestStatus | undefined) => status === 'fail' || status === 'uxsuccess' || status === 'crashed' || status === 'damaged';
const passing = (status: TestStatus | undefined) => status === 'success' || status === 'xfail';

export function compareRuns(baseline: readonly Outcome[], current: readonly Outcome[]): Comparison {
  const before = new Map(baseline.map((t) => [t.id, t.status]));
  const newFailures: string[] = [];
  const fixed: string[] = [];
  const stillFailing: string[] = [];
  const newlySkipped: string[] = [];
  const newlyNotRun: string[] = [];
  for (const { id, status } of current) {
    const was = before.get(id);
    if (failing(status)) (failing(was) ? stillFailing : newFailures).push(id);
    else if (passing(status) && failing(was)) fixed.push(id);
    else if (status === 'skip' && was !== undefined && was !== 'skip') newlySkipped.push(id);
    else if (status === 'notrun' && was !== undefined && was !== 'notrun') newlyNotRun.push(id);
  }
  return { newFailures, fixed, stillFailing, newlySkipped, newlyNotRun };
}

export function renderComparison(comparison: Comparison, baselineLabel: string): string {
  const lines = [`## Compared with ${baselineLabel}`, ''];
  const rows: [string, readonly string[]][] = [
    ['New failures', comparison.newFailures],
    ['Fixed', comparison.fixed],
    ['Still failing', comparison.stillFailing],
    ['Newly skipped', comparison.newlySkipped],
    ['Newly not run', comparison.newlyNotRun],
  ];
  lines.push('| | tests |', '|---|---:|', ...rows.map(([label, ids]) => `| ${label} | ${ids.length} |`), '');
  for (const [label, ids] of rows) if (ids.length) lines.push(`### ${label}`, '', ...ids.slice(0, 100).map((id) => `- \`${id}\``), '');
  return `${lines.join('\n').trimEnd()}\n`;
}

export function comparisonProperties(comparison: Comparison): Record<string, string> {
  return {
    'baseline.new_failures': String(comparison.newFailures.length),
    'baseline.fixed': String(comparison.fixed.length),
    'baseline.still_failing': String(comparison.stillFailing.length),
    'baseline.newly_skipped': String(comparison.newlySkipped.length),
    'baseline.newly_not_run': String(comparison.newlyNotRun.length),
  };
}
