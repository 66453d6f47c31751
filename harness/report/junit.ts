// JUnit XML written as text, a testcase at a time. It keeps the layout junit-report-builder gave it
// (same elements, attributes in the same order, two-space indentation), but that library built a
// DOM of the whole document before printing it, which took most of a report's time and memory
// on large runs. What the builder could not say is here too: skip reasons (`<skipped message>`),
// Surefire's flakyFailure/rerunFailure, every `]]>` in CDATA split, UTC timestamps with a Z, text
// cleaned of what XML forbids, and a deterministic order (classname, name, route code).
//
//   <testsuites tests failures errors skipped>
//     <testsuite name="dockenstack.stages" …>  a testcase per gate stage, when stages are given
//     <testsuite name="tempest" timestamp time tests failures errors skipped>
//       <properties/>  run-level: profile, run id, verdict, comparison
//       <testcase classname name time>
//         <properties/>  idempotent_id, tags, route_code
//         <failure|error|skipped/>, <system-out/>, <flakyFailure|rerunFailure/>…
import type { StageOutcome } from '../gate/stage-outcome.ts';
import { reportableTests } from '../results/collect.ts';
import type { RunResults, TestResult } from '../results/model.ts';
import { splitTestId } from '../results/test-id.ts';
import { failureOf } from './failure-line.ts';
import { attributeValue, cdataSection, tail, xmlSafe } from './xml-text.ts';

export interface JunitOptions {
  readonly suiteName?: string;
  readonly stages?: readonly StageOutcome[];
  /** Run-level properties on the Tempest suite: profile, run id, verdict, comparison. */
  readonly properties?: Readonly<Record<string, string>>;
  /** Characters of captured logging kept per test in system-out. */
  readonly systemOutCap?: number;
  /** Flaky retries: per test id, the failed attempts before its final result (Surefire's form). */
  readonly reruns?: ReadonlyMap<string, readonly TestResult[]>;
}

/** The element a testcase's outcome is counted under in its suite's totals, if any. */
type Outcome = 'failure' | 'error' | 'skipped' | undefined;

interface Totals {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

const CRASHED = 'the test was still running when its stream ended (the worker crashed or was killed)';
// Indentation by depth: testsuite, testcase, a testcase's children (a property is two deeper).
const SUITE = '  ';
const CASE = '    ';
const CHILD = '      ';
/**
 * Characters per piece of a suite's text. A testcase's many small strings are joined into a piece
 * this size soon after they are made, so they die young; a piece this large is allocated where the
 * garbage collector does not copy it. Collecting the whole document's small strings first cost
 * more in garbage collection than writing it.
 */
const PIECE = 256 * 1024;

/** A suite's testcases and totals, collected before its start tag (which carries the totals) is written. */
class Suite {
  readonly totals: Totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  private readonly pieces: string[] = [];
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(private readonly attributes: string) {}

  properties(entries: readonly (readonly [string, string])[]): void {
    if (entries.length) this.write(properties(CASE, entries));
  }

  /** `children`: the lines of its child elements, each ending with a newline; '' for none. */
  testcase(attributes: string, children: string, outcome: Outcome): void {
    this.totals.tests++;
    if (outcome === 'failure') this.totals.failures++;
    else if (outcome === 'error') this.totals.errors++;
    else if (outcome === 'skipped') this.totals.skipped++;
    this.write(children ? `${CASE}<testcase${attributes}>\n${children}${CASE}</testcase>\n` : `${CASE}<testcase${attributes}/>\n`);
  }

  /** The suite's text, start tag to end tag, in pieces. */
  text(): string[] {
    this.flush();
    const start = `${SUITE}<testsuite${this.attributes}${totalsAttributes(this.totals)}`;
    return this.pieces.length ? [`${start}>\n`, ...this.pieces, `${SUITE}</testsuite>\n`] : [`${start}/>\n`];
  }

  private write(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= PIECE) this.flush();
  }

  private flush(): void {
    if (this.pending.length) this.pieces.push(this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
  }
}

export function renderJunit(results: RunResults, options: JunitOptions = {}): string {
  return renderJunitPieces(results, options).join('');
}

/**
 * The document as pieces in order, for writing to a file as they are (`writeFile` takes an
 * iterable) without joining a large run's document into one string first.
 */
export function renderJunitPieces(results: RunResults, options: JunitOptions = {}): string[] {
  const suites: Suite[] = [];
  if (options.stages?.length) suites.push(stagesSuite(options.stages));
  suites.push(tempestSuite(results, options));
  const totals: Totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const suite of suites) {
    totals.tests += suite.totals.tests;
    totals.failures += suite.totals.failures;
    totals.errors += suite.totals.errors;
    totals.skipped += suite.totals.skipped;
  }
  return ['<?xml version="1.0" encoding="UTF-8"?>\n', `<testsuites${totalsAttributes(totals)}>\n`, ...suites.flatMap((suite) => suite.text()), '</testsuites>'];
}

function tempestSuite(results: RunResults, options: JunitOptions): Suite {
  let attributes = attribute('name', options.suiteName ?? 'tempest');
  if (results.start !== undefined) attributes += attribute('timestamp', isoUtc(results.start));
  if (results.start !== undefined && results.end !== undefined) attributes += attribute('time', seconds(results.end - results.start));
  const suite = new Suite(attributes);
  suite.properties(Object.entries(options.properties ?? {}).map(([name, value]) => [name, xmlSafe(value)] as const));
  const systemOutCap = options.systemOutCap ?? 64 * 1024;
  for (const { test, className, name, uuid } of sortedTests(results.tests)) {
    const testProperties: [string, string][] = [];
    if (uuid) testProperties.push(['idempotent_id', uuid]);
    if (test.tags.length) testProperties.push(['tags', test.tags.join(' ')]);
    if (test.routeCode) testProperties.push(['route_code', test.routeCode]);
    let children = testProperties.length ? properties(CHILD, testProperties) : '';
    const outcome = outcomeOf(test);
    children += outcome.element;
    const log = test.attachments.find((a) => a.name.startsWith('pythonlogging'))?.text;
    const systemOut = log ? xmlSafe(tail(log, systemOutCap)) : '';
    if (systemOut) children += `${CHILD}<system-out>${cdataSection(systemOut)}</system-out>\n`;
    for (const attempt of options.reruns?.get(test.id) ?? []) children += rerunElement(test, attempt);
    const time = test.start !== undefined && test.end !== undefined ? attribute('time', seconds(test.end - test.start)) : '';
    suite.testcase(attribute('classname', className) + attribute('name', name) + time, children, outcome.counted);
  }
  return suite;
}

/** The element for a test's outcome: a failure, an error, a skip, or none for a pass. */
function outcomeOf(test: TestResult): { element: string; counted: Outcome } {
  const traceback = tracebackOf(test);
  switch (test.status) {
    case 'fail':
    case 'uxsuccess': {
      const failure = test.status === 'uxsuccess' ? { type: 'UnexpectedSuccess', message: 'passed, but was expected to fail' } : failureOf(traceback ?? test.reason);
      return { element: elementWithText('failure', messageAndType(failure.message, failure.type), traceback ?? test.reason ?? ''), counted: 'failure' };
    }
    case 'crashed':
      return { element: elementWithText('error', messageAndType(CRASHED, 'Crashed'), traceback ?? ''), counted: 'error' };
    case 'notrun':
      return { element: elementWithText('error', messageAndType('selected but never run', 'NotRun'), ''), counted: 'error' };
    case 'skip':
      return { element: skippedElement(test.reason), counted: 'skipped' };
    default:
      return { element: '', counted: undefined };
  }
}

function stagesSuite(stages: readonly StageOutcome[]): Suite {
  let attributes = attribute('name', 'dockenstack.stages');
  const first = stages[0];
  if (first) attributes += attribute('timestamp', isoUtc(first.startedAt.getTime()));
  attributes += attribute('time', seconds(stages.reduce((sum, stage) => sum + stage.durationMs, 0)));
  const suite = new Suite(attributes);
  for (const stage of stages) {
    let children = stage.logFile ? properties(CHILD, [['log', stage.logFile]]) : '';
    let outcome: Outcome;
    if (stage.status === 'failed' || stage.status === 'timed-out' || stage.status === 'interrupted') {
      children += elementWithText('error', messageAndType(stage.message ?? stage.status, stage.status), (stage.tellingLines ?? []).join('\n'));
      outcome = 'error';
    } else if (stage.status === 'skipped') {
      children += skippedElement(stage.message);
      outcome = 'skipped';
    }
    suite.testcase(attribute('classname', 'dockenstack.stages') + attribute('name', stage.name) + attribute('time', seconds(stage.durationMs)), children, outcome);
  }
  return suite;
}

/** Surefire's flaky form: `flakyFailure` when the final attempt passed, `rerunFailure` when not. */
function rerunElement(final: TestResult, attempt: TestResult): string {
  const element = final.status === 'success' || final.status === 'xfail' ? 'flakyFailure' : 'rerunFailure';
  const traceback = tracebackOf(attempt) ?? '';
  const failure = failureOf(traceback);
  return `${CHILD}<${element}${attribute('message', xmlSafe(failure.message))}${attribute('type', failure.type)}><stackTrace>${cdataSection(xmlSafe(traceback))}</stackTrace></${element}>\n`;
}

/** `<name attributes>` with the text as CDATA, or an empty element when nothing of the text is left. */
function elementWithText(name: string, attributes: string, text: string): string {
  const safe = xmlSafe(text);
  return safe ? `${CHILD}<${name}${attributes}>${cdataSection(safe)}</${name}>\n` : `${CHILD}<${name}${attributes}/>\n`;
}

function skippedElement(reason: string | undefined): string {
  return `${CHILD}<skipped${reason ? attribute('message', xmlSafe(reason)) : ''}/>\n`;
}

/** A message left empty once cleaned is left out, as junit-report-builder did. */
function messageAndType(message: string, type: string): string {
  const safe = xmlSafe(message);
  return (safe ? attribute('message', safe) : '') + attribute('type', type);
}

/** A `<properties>` element at `indent`, its lines ending with a newline. */
function properties(indent: string, entries: readonly (readonly [string, string])[]): string {
  let lines = `${indent}<properties>\n`;
  for (const [name, value] of entries) lines += `${indent}  <property${attribute('name', name)}${attribute('value', value)}/>\n`;
  return `${lines}${indent}</properties>\n`;
}

function totalsAttributes(totals: Totals): string {
  return attribute('tests', totals.tests) + attribute('failures', totals.failures) + attribute('errors', totals.errors) + attribute('skipped', totals.skipped);
}

function attribute(name: string, value: string | number): string {
  return ` ${name}="${typeof value === 'number' ? value : attributeValue(value)}"`;
}

function tracebackOf(test: TestResult): string | undefined {
  return test.attachments.find((a) => a.name === 'traceback')?.text;
}

/**
 * The reportable tests by classname, then name, then route code, each test id split once. Only
 * what is written is kept of the split: its whole result, for every test at once, weighs more
 * than the document's text.
 */
function sortedTests(tests: readonly TestResult[]): { test: TestResult; className: string; name: string; uuid: string | undefined }[] {
  return reportableTests(tests)
    .map((test) => {
      const { className, name, uuid } = splitTestId(test.id);
      return { test, className, name, uuid };
    })
    .sort((a, b) => a.className.localeCompare(b.className) || a.name.localeCompare(b.name) || a.test.routeCode.localeCompare(b.test.routeCode));
}

function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}

function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}
