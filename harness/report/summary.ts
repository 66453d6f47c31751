// summary.md: what a person (or a CI step summary) needs first: totals, pass rate, each failure
// with its message, what never ran or crashed, and the slowest tests.
import type { StageOutcome } from '../run/stages.ts';
import { reportableTests, totalsOf } from '../results/collect.ts';
import type { RunResults, TestResult } from '../results/model.ts';
import { knownFailureNote, type KnownFailure } from '../selection/known-failures.ts';
import { damageMessage } from './damage-line.ts';
import { failureOf } from './failure-line.ts';
import { isFailure } from '../results/test-status.ts';

export interface SummaryExtras {
  readonly title?: string;
  /** A rendered block (markdown) placed right after the title: the verdict. */
  readonly verdictBlock?: string;
  readonly stages?: readonly StageOutcome[];
  /** More blocks at the end: a comparison with a baseline, flaky tests. */
  readonly sections?: readonly string[];
  readonly slowest?: number;
  /** Failures the verdict does not count, by test id: marked in the failure list. */
  readonly knownFailures?: ReadonlyMap<string, KnownFailure>;
}

export function renderSummary(results: RunResults, extras: SummaryExtras = {}): string {
  const tests = reportableTests(results.tests);
  const totals = totalsOf(tests);
  const executed = totals.passed + totals.failed + totals.crashed + totals.damaged;
  // The failures the verdict did not count, said where they are counted, as the failure list says them.
  const known = tests.filter((test) => isFailure(test.status) && extras.knownFailures?.has(test.id)).length;
  const rate = executed ? ((100 * totals.passed) / executed).toFixed(1) : '0.0';
  const out: string[] = [`# ${extras.title ?? 'Tempest results'}`, ''];
  if (extras.verdictBlock) out.push(extras.verdictBlock.trimEnd(), '');
  out.push(
    '| tests | passed | failed | skipped | crashed | not run | damaged | pass rate (of executed) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${totals.total} | ${totals.passed} | ${totals.failed}${known ? ` (${known} known)` : ''} | ${totals.skipped} | ${totals.crashed} | ${totals.notRun} | ${totals.damaged} | ${rate} % |`,
    '',
  );
  damageSection(out, results, tests.filter((test) => test.status === 'damaged'));
  if (extras.stages?.length) {
    out.push('## Stages', '', '| stage | outcome | time |', '|---|---|---:|');
    for (const stage of extras.stages) out.push(`| ${stage.name} | ${stage.status}${stage.message ? `: ${cell(stage.message)}` : ''} | ${(stage.durationMs / 1000).toFixed(1)} s |`);
    out.push('');
  }
  const failures = tests.filter((test) => isFailure(test.status));
  if (failures.length) {
    const known = failures.filter((test) => extras.knownFailures?.has(test.id)).length;
    out.push(`## Failures (${failures.length}${known ? `, ${known} of them known, not counted` : ''})`, '');
    for (const test of failures) {
      const { type, message } = failureOf(test.attachments.find((a) => a.name === 'traceback')?.text ?? test.reason);
      const note = extras.knownFailures?.get(test.id);
      out.push(`- \`${test.id}\`: ${note ? `**${knownFailureNote(note)}**: ` : ''}${type}: ${cell(message)}`);
    }
    out.push('');
  }
  listSection(out, 'Crashed (still running when the stream ended)', tests.filter((test) => test.status === 'crashed'));
  listSection(out, 'Selected but never run', tests.filter((test) => test.status === 'notrun'));
  const slowest = tests
    .filter((test) => test.start !== undefined && test.end !== undefined)
    .sort((a, b) => duration(b) - duration(a))
    .slice(0, extras.slowest ?? 10);
  if (slowest.length) {
    out.push('## Slowest tests', '', '| seconds | test |', '|---:|---|');
    for (const test of slowest) out.push(`| ${(duration(test) / 1000).toFixed(2)} | \`${test.id}\` |`);
    out.push('');
  }
  for (const section of extras.sections ?? []) out.push(section.trimEnd(), '');
  return `${out.join('\n').trimEnd()}\n`;
}

/** Damage comes right after the totals: it says how far to trust them. */
function damageSection(out: string[], results: RunResults, damaged: readonly TestResult[]): void {
  const stretches = results.damage ?? [];
  if (!stretches.length && !damaged.length) return;
  out.push(`## Damaged input (${results.damageCount ?? stretches.length} stretch(es), ${results.textBytes} bytes)`, '');
  for (const stretch of stretches) out.push(`- ${damageMessage(stretch)}${stretch.testIds.length ? `; named ${stretch.testIds.map((id) => `\`${id}\``).join(', ')}` : ''}`);
  if ((results.damageCount ?? 0) > stretches.length) out.push(`- … and ${(results.damageCount ?? 0) - stretches.length} more`);
  for (const test of damaged.slice(0, 200)) out.push(`- damaged before its outcome was read: \`${test.id}\``);
  out.push('');
}

function listSection(out: string[], title: string, tests: readonly TestResult[]): void {
  if (!tests.length) return;
  out.push(`## ${title} (${tests.length})`, '', ...tests.slice(0, 200).map((test) => `- \`${test.id}\``));
  if (tests.length > 200) out.push(`- … and ${tests.length - 200} more`);
  out.push('');
}

function duration(test: TestResult): number {
  return (test.end ?? 0) - (test.start ?? 0);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 300);
}
