// The run as the page's script reads it: compact, so that a 10,000-test run stays a small file and
// parses at once. Repeated strings (class paths, workers, skip reasons) are tables the rows point
// into; a test is a short array; captured output is kept only where the results kept it (tests
// that did not pass). Pure: results and options in, plain data out.
import { reportableTests } from '../../results/collect.ts';
import type { RunResults, TestResult } from '../../results/model.ts';
import { classNameOf } from '../../results/test-id.ts';
import { isFailing, type TestStatus } from '../../results/test-status.ts';
import { failureOf } from '../failure-line.ts';
import { knownFailureReasons, type ComparisonData, type EnvironmentData, type HtmlOptions, type ServiceLogLine } from './html-options.ts';

/** What a reader filters by; the order is the order of the filter buttons. */
export const DISPLAY_STATUSES = ['failed', 'known', 'crashed', 'flaky', 'passed', 'skipped', 'notrun'] as const;
export type DisplayStatus = (typeof DISPLAY_STATUSES)[number];

/**
 * One test: [class, name, status, start, duration, worker, reason, detail, whole].
 * `class` indexes `classes`; `name` is the id after the class path and its dot, or the whole id
 * (then `whole` is 1) when it does not start with them (a class fixture: `setUpClass (…)`);
 * `status` indexes DISPLAY_STATUSES; `start` is milliseconds after the run's start; `worker`,
 * `reason` and `detail` index their tables. -1 stands for none.
 */
export type TestRow = [number, string, number, number, number, number, number, number, 0 | 1];

/**
 * A test's output: [subunit status, the failure's one-line message (or ''), attachments], the
 * message as CI servers show it (failure-line.ts).
 */
export type TestDetail = [string, string, [name: string, text: string, truncated: boolean][]];

export interface PageData {
  readonly title: string;
  /** Epoch milliseconds of the run's first timestamp; rows' starts count from it. */
  readonly start: number | null;
  readonly span: number;
  readonly statuses: readonly DisplayStatus[];
  readonly classes: readonly string[];
  readonly workers: readonly string[];
  readonly reasons: readonly string[];
  readonly tests: readonly TestRow[];
  readonly details: readonly TestDetail[];
  readonly stages: readonly PageStage[];
  readonly comparison: ComparisonData | null;
  readonly environment: EnvironmentData | null;
  readonly files: readonly string[];
  /** Per request id: [index into files, line number, text]. */
  readonly requests: Readonly<Record<string, readonly [number, number, string][]>>;
}

export interface PageStage {
  readonly name: string;
  readonly status: string;
  readonly seconds: number;
  readonly message: string | null;
  readonly lines: readonly string[];
  readonly log: string | null;
}

/** What a damaged test shows as its reason (listed as crashed: the page has no status of its own for it). */
const DAMAGED_REASON = 'damaged: a packet of this test was damaged before its outcome was read';

/** Attachments a detail leaves out: the skip reason is shown as the reason. */
const SHOWN_ELSEWHERE = new Set(['reason']);

export function pageData(results: RunResults, options: HtmlOptions): PageData {
  const tests = reportableTests(results.tests).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const known = knownFailureReasons(options.knownFailures);
  const flaky = new Set(options.flaky ?? []);
  const classes = new Table();
  const workers = new Table();
  const reasons = new Table();
  const details: TestDetail[] = [];
  const runStart = results.start;
  const rows = tests.map((test): TestRow => {
    const className = classNameOf(test.id);
    const prefixed = className !== '' && test.id.startsWith(`${className}.`);
    const status = displayStatus(test.status, known.has(test.id), flaky.has(test.id));
    const reason = status === 'known' ? `known failure: ${known.get(test.id)}` : test.status === 'damaged' ? DAMAGED_REASON : test.reason;
    const detail = detailOf(test, options.reruns?.get(test.id));
    if (detail) details.push(detail);
    return [
      classes.index(className),
      prefixed ? test.id.slice(className.length + 1) : test.id,
      DISPLAY_STATUSES.indexOf(status),
      test.start === undefined || runStart === undefined ? -1 : Math.round(test.start - runStart),
      test.start === undefined || test.end === undefined ? -1 : Math.round(test.end - test.start),
      test.worker === undefined ? -1 : workers.index(test.worker),
      reason === undefined ? -1 : reasons.index(reason),
      detail ? details.length - 1 : -1,
      prefixed ? 0 : 1,
    ];
  });
  const files = new Table();
  for (const file of options.logs ?? []) files.index(file);
  return {
    title: options.title,
    start: runStart ?? null,
    span: runStart === undefined || results.end === undefined ? 0 : Math.round(results.end - runStart),
    statuses: DISPLAY_STATUSES,
    classes: classes.values,
    workers: workers.values,
    reasons: reasons.values,
    tests: rows,
    details,
    stages: (options.stages ?? []).map((stage) => ({
      name: stage.name,
      status: stage.status,
      seconds: Math.round(stage.durationMs / 100) / 10,
      message: stage.message ?? null,
      lines: stage.tellingLines ?? [],
      log: stage.logFile ?? null,
    })),
    comparison: options.comparison ?? null,
    environment: options.environment ?? null,
    files: files.values,
    requests: requestsOf(options.serviceLines, files),
  };
}

export function displayStatus(status: TestStatus, knownFailure: boolean, flaky: boolean): DisplayStatus {
  switch (status) {
    case 'fail':
    case 'uxsuccess':
      return knownFailure ? 'known' : 'failed';
    // Damaged before its outcome was read: like a crash, it never finished as far as the stream tells.
    case 'crashed':
    case 'damaged':
      return 'crashed';
    case 'success':
    case 'xfail':
      return flaky ? 'flaky' : 'passed';
    case 'skip':
      return 'skipped';
    case 'notrun':
      return 'notrun';
  }
}

/** The output worth showing, the earlier failed attempts' tracebacks first; none for a plain pass. */
function detailOf(test: TestResult, attempts: readonly TestResult[] | undefined): TestDetail | undefined {
  const shown: TestDetail[2] = [];
  (attempts ?? []).forEach((attempt, i) => {
    const traceback = attempt.attachments.find((a) => a.name === 'traceback');
    shown.push([`attempt ${i + 1} (${attempt.status}): traceback`, traceback?.text ?? '(none)', traceback?.truncated ?? false]);
  });
  for (const attachment of test.attachments) if (!SHOWN_ELSEWHERE.has(attachment.name)) shown.push([attachment.name, attachment.text, attachment.truncated]);
  if (!shown.length) return undefined;
  const failed = isFailing(test.status);
  return [test.status, failed ? messageOf(test) : '', shown];
}

function messageOf(test: TestResult): string {
  const { type, message } = failureOf(test.attachments.find((a) => a.name === 'traceback')?.text ?? test.reason);
  return message === type ? type : `${type}: ${message}`;
}

function requestsOf(lines: HtmlOptions['serviceLines'], files: Table): PageData['requests'] {
  const requests: Record<string, [number, number, string][]> = {};
  for (const [id, found] of lines ?? []) requests[id] = found.map((line: ServiceLogLine) => [files.index(line.file), line.line, line.text]);
  return requests;
}

/** Strings kept once, referred to by position. */
class Table {
  readonly values: string[] = [];
  private readonly positions = new Map<string, number>();
  index(value: string): number {
    let at = this.positions.get(value);
    if (at === undefined) {
      at = this.values.push(value) - 1;
      this.positions.set(value, at);
    }
    return at;
  }
}
