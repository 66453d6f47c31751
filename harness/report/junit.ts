// JUnit XML through junit-report-builder, with its pitfalls guarded: every `]]>` is split (it
// splits only the first), timestamps are UTC with a Z (it writes local time for Dates), skip
// reasons are kept (its skipped() takes none), text is cleaned of what XML forbids, and the
// order is deterministic (classname, then name).
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Builder } from 'junit-report-builder';
import type { StageOutcome } from '../gate/stage-outcome.ts';
import { reportableTests } from '../results/collect.ts';
import type { RunResults, TestResult } from '../results/model.ts';
import { splitTestId } from '../results/test-id.ts';
import { failureOf } from './failure-line.ts';
import { tail, xmlSafe } from './xml-text.ts';

const junitBuilder = createRequire(import.meta.url)('junit-report-builder') as Builder;

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

// Stands for `]]>` inside CDATA text until the document is built: random per process, so no
// real text contains it.
const CDATA_END = `DOCKENSTACK-CDATA-END-${randomUUID()}`;

/** What the builder cannot write, per testcase in document order. */
interface CaseExtras {
  skipReason?: string | undefined;
  elements?: string;
}

export function renderJunit(results: RunResults, options: JunitOptions = {}): string {
  const builder = junitBuilder.newBuilder();
  const extras: CaseExtras[] = [];
  const tests = reportableTests(results.tests).sort(compareTests);

  if (options.stages?.length) addStages(builder, options.stages, extras);

  const suite = builder.testSuite().name(options.suiteName ?? 'tempest');
  if (results.start !== undefined) suite.timestamp(isoUtc(results.start));
  if (results.start !== undefined && results.end !== undefined) suite.time(seconds(results.end - results.start));
  for (const [name, value] of Object.entries(options.properties ?? {})) suite.property(name, xmlSafe(value));

  for (const test of tests) {
    const parts = splitTestId(test.id);
    const testCase = suite.testCase().className(parts.className).name(parts.name);
    const extra: CaseExtras = {};
    extras.push(extra);
    if (test.start !== undefined && test.end !== undefined) testCase.time(seconds(test.end - test.start));
    if (parts.uuid) testCase.property('idempotent_id', parts.uuid);
    if (test.tags.length) testCase.property('tags', test.tags.join(' '));
    if (test.routeCode) testCase.property('route_code', test.routeCode);
    const traceback = test.attachments.find((a) => a.name === 'traceback')?.text;
    const log = test.attachments.find((a) => a.name.startsWith('pythonlogging'))?.text;
    switch (test.status) {
      case 'fail':
      case 'uxsuccess': {
        const failure = test.status === 'uxsuccess' ? { type: 'UnexpectedSuccess', message: 'passed, but was expected to fail' } : failureOf(traceback ?? test.reason);
        testCase.failure(xmlSafe(failure.message), failure.type);
        testCase.stacktrace(cdata(traceback ?? test.reason ?? ''));
        break;
      }
      case 'crashed':
        testCase.error('the test was still running when its stream ended (the worker crashed or was killed)', 'Crashed', cdata(traceback ?? ''));
        break;
      case 'notrun':
        testCase.error('selected but never run', 'NotRun');
        break;
      case 'skip':
        testCase.skipped();
        extra.skipReason = test.reason;
        break;
      default:
        break;
    }
    const reruns = options.reruns?.get(test.id);
    if (reruns?.length) extra.elements = reruns.map((attempt) => rerunElement(test, attempt)).join('');
    if (log) testCase.standardOutput(cdata(tail(log, options.systemOutCap ?? 64 * 1024)));
  }
  return postProcess(builder.build(), extras);
}

function addStages(builder: Builder, stages: readonly StageOutcome[], extras: CaseExtras[]): void {
  const suite = builder.testSuite().name('dockenstack.stages');
  const first = stages[0];
  if (first) suite.timestamp(first.startedAt.toISOString().replace(/\.\d+Z$/, 'Z'));
  suite.time(seconds(stages.reduce((sum, stage) => sum + stage.durationMs, 0)));
  for (const stage of stages) {
    const testCase = suite.testCase().className('dockenstack.stages').name(stage.name).time(seconds(stage.durationMs));
    const extra: CaseExtras = {};
    extras.push(extra);
    if (stage.logFile) testCase.property('log', stage.logFile);
    if (stage.status === 'failed' || stage.status === 'timed-out' || stage.status === 'interrupted') {
      testCase.error(xmlSafe(stage.message ?? stage.status), stage.status, cdata((stage.tellingLines ?? []).join('\n')));
    } else if (stage.status === 'skipped') {
      testCase.skipped();
      extra.skipReason = stage.message;
    }
  }
}

/** Surefire's flaky form: `flakyFailure` when the final attempt passed, `rerunFailure` when not. */
function rerunElement(final: TestResult, attempt: TestResult): string {
  const element = final.status === 'success' || final.status === 'xfail' ? 'flakyFailure' : 'rerunFailure';
  const traceback = attempt.attachments.find((a) => a.name === 'traceback')?.text ?? '';
  const failure = failureOf(traceback);
  const body = xmlSafe(traceback).split(']]>').join(']]]]><![CDATA[>');
  return `<${element} message="${escapeAttribute(failure.message)}" type="${escapeAttribute(failure.type)}"><stackTrace><![CDATA[${body}]]></stackTrace></${element}>`;
}

function postProcess(xml: string, extras: readonly CaseExtras[]): string {
  let index = 0;
  const out = xml.replace(/<testcase\b[^>]*?(\/>|>[\s\S]*?<\/testcase>)/g, (element) => {
    const extra = extras[index++];
    if (!extra) return element;
    let result = element;
    if (extra.skipReason) result = result.replace('<skipped/>', `<skipped message="${escapeAttribute(xmlSafe(extra.skipReason))}"/>`);
    if (extra.elements) {
      result = result.endsWith('/>') ? `${result.slice(0, -2)}>${extra.elements}</testcase>` : result.replace(/<\/testcase>$/, `${extra.elements}</testcase>`);
    }
    return result;
  });
  return out.split(CDATA_END).join(']]]]><![CDATA[>');
}

function cdata(text: string): string {
  return xmlSafe(text).split(']]>').join(CDATA_END);
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}

function compareTests(a: TestResult, b: TestResult): number {
  const pa = splitTestId(a.id);
  const pb = splitTestId(b.id);
  return pa.className.localeCompare(pb.className) || pa.name.localeCompare(pb.name) || a.routeCode.localeCompare(b.routeCode);
}

function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}

function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}
