// JUnit XML written as text, in pieces handed to the file as they are made. It keeps the layout
// junit-report-builder gave it (same elements, attributes in the same order, two-space
// indentation), but that library built a DOM of the whole document before printing it, which took
// most of a report's time and memory on large runs. What the builder could not say is here too:
// skip reasons (`<skipped message>`), Surefire's flakyFailure/rerunFailure, every `]]>` in CDATA
// split, UTC timestamps with a Z, text cleaned of what XML forbids, and a deterministic order
// (classname, name, route code, by code point).
//
//   <testsuites tests failures errors>
//     <testsuite name="dockenstack.stages" …>  a testcase per gate stage, when stages are given
//     <testsuite name="tempest" timestamp time tests failures errors skipped>
//       <properties/>  run-level: profile, run id, verdict, comparison
//       <testcase classname name time>
//         <failure|error|skipped/>, <flakyFailure|rerunFailure/>…, <system-out/>
//
// The document is valid under the schema Jenkins' xUnit plugin validates JUnit with
// (junit-10.xsd), and its testcases' children come in the order of Maven Surefire's own schema.
// Neither allows properties in a testcase nor `skipped` on <testsuites>: a test's idempotent id,
// tags, route code and attempts are the first lines of its <system-out> (`name: value`), a
// stage's log is an `[[ATTACHMENT|path]]` line there (the form Jenkins and GitLab link), and the
// skipped count is each suite's.
import type { StageOutcome } from '../run/stages.ts';
import { reportableTests, totalsOf } from '../results/collect.ts';
import type { Damage, RunResults, TestResult } from '../results/model.ts';
import { splitTestId } from '../results/test-id.ts';
import { knownFailureNote, type KnownFailure } from '../selection/known-failures.ts';
import { damageMessage } from './damage-line.ts';
import { failureOf } from './failure-line.ts';
import { attributeValue, cdataSection, tail, xmlSafe } from './xml-text.ts';
import { isPassing } from '../results/test-status.ts';

export interface JunitOptions {
  readonly suiteName?: string;
  readonly stages?: readonly StageOutcome[];
  /** Run-level properties on the Tempest suite: profile, run id, verdict, comparison. */
  readonly properties?: Readonly<Record<string, string>>;
  /** Characters of captured logging kept per test in system-out. */
  readonly systemOutCap?: number;
  /** Flaky retries: per test id, the failed attempts before its final result (Surefire's form). */
  readonly reruns?: ReadonlyMap<string, readonly TestResult[]>;
  /**
   * Failures the verdict does not count, by test id: each stays a `<failure>` (the test did fail),
   * its message starting with the known-failure note, which is what CI servers show of a failure.
   */
  readonly knownFailures?: ReadonlyMap<string, KnownFailure>;
}

/** The element a stage's outcome is counted under in its suite's totals, if any. */
type Outcome = 'failure' | 'error' | 'skipped' | undefined;

interface Totals {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

const CRASHED = 'the test was still running when its stream ended (the worker crashed or was killed)';
const DAMAGED = 'a packet of this test was damaged before its outcome was read (see the subunit.damage testcases)';
// Indentation by depth: testsuite, testcase, a testcase's children (a property is two deeper).
const SUITE = '  ';
const CASE = '    ';
const CHILD = '      ';
/**
 * Characters per piece of the document: testcases are joined into pieces this size and handed to
 * the writer one at a time, so a large run's document is never held whole. Small enough that a
 * piece is allocated where short-lived objects are (and die young), large enough that writing
 * costs few calls.
 */
const PIECE = 32 * 1024;

export function renderJunit(results: RunResults, options: JunitOptions = {}): string {
  return [...renderJunitPieces(results, options)].join('');
}

/**
 * The document as pieces in order, made as they are asked for (see writePieces), so that each is
 * written before the next is made. Each suite's totals are counted first, since they are
 * attributes of its start tag.
 */
export function* renderJunitPieces(results: RunResults, options: JunitOptions = {}): Generator<string> {
  const stages = options.stages ?? [];
  const tests = sortedTests(results.tests);
  const stageTotals = totalsOfOutcomes(stages.map(stageOutcomeOf));
  const counted = totalsOf(tests.map(({ test }) => test));
  const damage = results.damage ?? [];
  // Each damaged stretch is a testcase of its own (as python-subunit reports a parse error), so
  // a CI server that reads only the totals still sees it.
  const testTotals: Totals = {
    tests: counted.total + damage.length,
    failures: counted.failed,
    errors: counted.crashed + counted.notRun + counted.damaged + damage.length,
    skipped: counted.skipped,
  };
  const all: Totals = {
    tests: stageTotals.tests + testTotals.tests,
    failures: stageTotals.failures + testTotals.failures,
    errors: stageTotals.errors + testTotals.errors,
    skipped: stageTotals.skipped + testTotals.skipped,
  };
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attribute('tests', all.tests) + attribute('failures', all.failures) + attribute('errors', all.errors)}>\n`;
  if (stages.length) yield* stagesSuite(stages, stageTotals);
  yield* tempestSuite(results, tests, testTotals, options);
  yield '</testsuites>';
}

/** Strings joined into pieces of about PIECE characters. */
function* inPieces(parts: Iterable<string>): Generator<string> {
  let piece = '';
  for (const part of parts) {
    piece += part;
    if (piece.length >= PIECE) {
      yield piece;
      piece = '';
    }
  }
  if (piece) yield piece;
}

/** A suite: its start tag (with its totals), its properties and testcases, its end tag. */
function* suite(attributes: string, totals: Totals, body: Iterable<string>): Generator<string> {
  const start = `${SUITE}<testsuite${attributes}${totalsAttributes(totals)}`;
  let empty = true;
  for (const piece of inPieces(body)) {
    yield empty ? `${start}>\n${piece}` : piece;
    empty = false;
  }
  yield empty ? `${start}/>\n` : `${SUITE}</testsuite>\n`;
}

function testcase(attributes: string, children: string): string {
  return children ? `${CASE}<testcase${attributes}>\n${children}${CASE}</testcase>\n` : `${CASE}<testcase${attributes}/>\n`;
}

function tempestSuite(results: RunResults, tests: readonly SortedTest[], totals: Totals, options: JunitOptions): Generator<string> {
  let attributes = attribute('name', options.suiteName ?? 'tempest');
  if (results.start !== undefined) attributes += attribute('timestamp', isoUtc(results.start));
  if (results.start !== undefined && results.end !== undefined) attributes += attribute('time', seconds(results.end - results.start));
  return suite(attributes, totals, tempestSuiteBody(tests, results.damage ?? [], options));
}

function* tempestSuiteBody(tests: readonly SortedTest[], damage: readonly Damage[], options: JunitOptions): Generator<string> {
  const runProperties = Object.entries(options.properties ?? {}).map(([name, value]) => [name, xmlSafe(value)] as const);
  if (runProperties.length) yield properties(CASE, runProperties);
  const systemOutCap = options.systemOutCap ?? 64 * 1024;
  for (const { test, className, name, uuid } of tests) {
    let children = outcomeOf(test, options.knownFailures?.get(test.id));
    for (const attempt of [...(test.earlierFailures ?? []), ...(options.reruns?.get(test.id) ?? [])]) children += rerunElement(test, attempt);
    const facts: [string, string | number | undefined][] = [['idempotent_id', uuid], ['tags', test.tags.join(' ')], ['route_code', test.routeCode], ['attempts', test.attempts]];
    const log = test.attachments.find((a) => a.name.startsWith('pythonlogging'))?.text;
    children += systemOut(factLines(facts) + (log ? tail(log, systemOutCap) : ''));
    const time = test.start !== undefined && test.end !== undefined ? attribute('time', seconds(test.end - test.start)) : '';
    yield testcase(attribute('classname', className) + attribute('name', name) + time, children);
  }
  for (const stretch of damage) {
    const named = stretch.testIds.length ? `; its packets named ${stretch.testIds.join(', ')}` : '';
    const error = elementWithText('error', messageAndType(damageMessage(stretch), 'DamagedInput'), `offset ${stretch.offset}, size ${stretch.size} bytes${named}`);
    yield testcase(attribute('classname', 'subunit.damage') + attribute('name', `offset ${stretch.offset}`), error);
  }
}

function stageOutcomeOf(stage: StageOutcome): Outcome {
  if (stage.status === 'failed' || stage.status === 'timed-out' || stage.status === 'interrupted') return 'error';
  return stage.status === 'skipped' ? 'skipped' : undefined;
}

function totalsOfOutcomes(outcomes: readonly Outcome[]): Totals {
  const totals: Totals = { tests: outcomes.length, failures: 0, errors: 0, skipped: 0 };
  for (const outcome of outcomes) {
    if (outcome === 'failure') totals.failures++;
    else if (outcome === 'error') totals.errors++;
    else if (outcome === 'skipped') totals.skipped++;
  }
  return totals;
}

/** The element for a test's outcome: a failure (marked when known), an error, a skip, or none for a pass. */
function outcomeOf(test: TestResult, known: KnownFailure | undefined): string {
  const traceback = tracebackOf(test);
  switch (test.status) {
    case 'fail':
    case 'uxsuccess': {
      const failure = test.status === 'uxsuccess' ? { type: 'UnexpectedSuccess', message: 'passed, but was expected to fail' } : failureOf(traceback ?? test.reason);
      const message = known ? `[${knownFailureNote(known)}] ${failure.message}` : failure.message;
      return elementWithText('failure', messageAndType(message, failure.type), traceback ?? test.reason ?? '');
    }
    case 'crashed':
      return elementWithText('error', messageAndType(CRASHED, 'Crashed'), traceback ?? '');
    case 'notrun':
      return elementWithText('error', messageAndType('selected but never run', 'NotRun'), '');
    case 'damaged':
      return elementWithText('error', messageAndType(DAMAGED, 'Damaged'), traceback ?? '');
    case 'skip':
      return skippedElement(test.reason);
    default:
      return '';
  }
}

function stagesSuite(stages: readonly StageOutcome[], totals: Totals): Generator<string> {
  let attributes = attribute('name', 'dockenstack.stages');
  const first = stages[0];
  if (first) attributes += attribute('timestamp', isoUtc(first.startedAt.getTime()));
  attributes += attribute('time', seconds(stages.reduce((sum, stage) => sum + stage.durationMs, 0)));
  return suite(attributes, totals, stages.map(stageTestcase));
}

function stageTestcase(stage: StageOutcome): string {
  let children = '';
  const outcome = stageOutcomeOf(stage);
  if (outcome === 'error') children += elementWithText('error', messageAndType(stage.message ?? stage.status, stage.status), (stage.tellingLines ?? []).join('\n'));
  else if (outcome === 'skipped') children += skippedElement(stage.message);
  if (stage.logFile) children += systemOut(`[[ATTACHMENT|${stage.logFile}]]\n`);
  return testcase(attribute('classname', 'dockenstack.stages') + attribute('name', stage.name) + attribute('time', seconds(stage.durationMs)), children);
}

/** Surefire's flaky form: `flakyFailure` when the final attempt passed, `rerunFailure` when not. */
function rerunElement(final: TestResult, attempt: TestResult): string {
  const element = isPassing(final.status) ? 'flakyFailure' : 'rerunFailure';
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

/** `name: value` lines for the facts that have a value. */
function factLines(facts: readonly (readonly [string, string | number | undefined])[]): string {
  let lines = '';
  for (const [name, value] of facts) if (value !== undefined && value !== '') lines += `${name}: ${value}\n`;
  return lines;
}

/** A `<system-out>` with the text, cleaned; none when nothing of it is left. */
function systemOut(text: string): string {
  const safe = xmlSafe(text);
  return safe ? `${CHILD}<system-out>${cdataSection(safe)}</system-out>\n` : '';
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

interface SortedTest {
  readonly test: TestResult;
  readonly className: string;
  readonly name: string;
  readonly uuid: string | undefined;
}

/**
 * The reportable tests by classname, then name, then route code, each test id split once. Only
 * what is written is kept of the split: its whole result, for every test at once, weighs more
 * than the document's text.
 */
function sortedTests(tests: readonly TestResult[]): SortedTest[] {
  return reportableTests(tests)
    .map((test) => {
      const { className, name, uuid } = splitTestId(test.id);
      return { test, className, name, uuid };
    })
    .sort((a, b) => byCodePoints(a.className, b.className) || byCodePoints(a.name, b.name) || byCodePoints(a.test.routeCode, b.test.routeCode));
}

/**
 * Plain code-point order: the same on every machine (a locale-aware comparison follows the
 * machine's locale and ICU data), and several times cheaper on a large run.
 */
function byCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}

function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}
