import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../../harness/report/junit.ts';
import { renderSummary } from '../../../harness/report/summary.ts';
import { collectResults } from '../../../harness/results/collect.ts';
import type { StageOutcome } from '../../../harness/run/stages.ts';
import type { Attachment, RunResults, TestResult } from '../../../harness/results/model.ts';
import { parseSubunit } from '../../../harness/subunit/parse-stream.ts';

const fixture = join(import.meta.dirname, '..', '..', 'fixtures', 'subunit', 'compute-servers.subunit');
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name), cdataPropName: '#cdata' });

type Case = { classname: string; name: string; failure?: unknown; error?: unknown; skipped?: unknown };
type Suite = { name: string; tests: string; failures: string; errors: string; skipped: string; timestamp?: string; testcase?: Case[] };

function parse(xml: string): { testsuites: Suite & { testsuite: Suite[] } } {
  return parser.parse(xml) as { testsuites: Suite & { testsuite: Suite[] } };
}

function byCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function counts(cases: Case[]) {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.failure !== undefined).length,
    errors: cases.filter((c) => c.error !== undefined).length,
    skipped: cases.filter((c) => c.skipped !== undefined).length,
  };
}

const hostile: TestResult = {
  id: 'tempest.api.x.Hostile.test_all_the_things[id-11111111-2222-3333-4444-555555555555,smoke]',
  routeCode: '0',
  status: 'fail',
  start: Date.UTC(2026, 0, 2, 3, 4, 5),
  end: Date.UTC(2026, 0, 2, 3, 4, 7),
  tags: ['worker-0'],
  worker: 'worker-0',
  attachments: [
    { name: 'traceback', mimeType: 'text/plain', text: 'Traceback (most recent call last):\n  x ]]> y ]]> z \u001b[31mred\u001b[0m \u0000\u0007 \ud800\ntesttools.matchers._impl.MismatchError: 1 != 2 ]]>', bytes: 10, truncated: false },
    { name: "pythonlogging:''", mimeType: 'text/plain', text: 'log ]]> line\n'.repeat(10), bytes: 10, truncated: false },
  ],
  reason: undefined,
  fixture: false,
};

describe('renderJunit', () => {
  it("parses, and every suite's totals match its test cases (a real run)", async () => {
    const results = await collectResults(parseSubunit(createReadStream(fixture)));
    const doc = parse(renderJunit(results, { stages: [{ name: 'stack', status: 'failed', startedAt: new Date(0), durationMs: 1000, message: 'stack.sh exited with 1', tellingLines: ['[ERROR] boom'] }] }));
    const all: Case[] = [];
    for (const suite of doc.testsuites.testsuite) {
      const cases = suite.testcase ?? [];
      all.push(...cases);
      expect({ tests: Number(suite.tests), failures: Number(suite.failures), errors: Number(suite.errors), skipped: Number(suite.skipped) }).toEqual(counts(cases));
    }
    const total = counts(all);
    expect({ tests: Number(doc.testsuites.tests), failures: Number(doc.testsuites.failures), errors: Number(doc.testsuites.errors) }).toEqual({ tests: total.tests, failures: total.failures, errors: total.errors });
    // junit-10.xsd has no skipped count on <testsuites>: each suite's is there.
    expect(doc.testsuites.skipped).toBeUndefined();
    const tempest = doc.testsuites.testsuite.find((s) => s.name === 'tempest');
    expect(tempest?.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const keys = (tempest?.testcase ?? []).map((c) => [String(c.classname), String(c.name)] as const);
    expect(keys.length).toBeGreaterThan(50);
    expect(keys).toEqual([...keys].sort((a, b) => byCodePoints(a[0], b[0]) || byCodePoints(a[1], b[1])));
    const skipped = (tempest?.testcase ?? []).filter((c) => c.skipped !== undefined);
    expect(skipped.every((c) => typeof (c.skipped as { message?: string }).message === 'string')).toBe(true);
    const stages = doc.testsuites.testsuite.find((s) => s.name === 'dockenstack.stages');
    expect(stages?.testcase?.[0]).toMatchObject({ name: 'stack', error: { type: 'failed', message: 'stack: stack.sh exited with 1'.replace('stack: ', '') } });
  });

  it('orders testcases by classname, then name, then route code, in code-point order whatever the locale', () => {
    const ids: [string, string][] = [['a.B.Test.test_b', '1'], ['a_c.X.test_a', ''], ['a.b.Test.test_a', ''], ['a.B.Test.test_b', ''], ['a.B.Test.test_B', ''], ['a.B.Test.Test_a', ''], ['a.B.Test.test_b', '0']];
    const tests = ids.map(([id, routeCode]): TestResult => ({ ...hostile, id, routeCode, status: 'success', attachments: [], tags: [] }));
    const xml = renderJunit({ tests, text: '', textBytes: 0, start: undefined, end: undefined });
    const order = xml
      .split('<testcase ')
      .slice(1)
      .map((testcase) => {
        const [, className, name] = /classname="([^"]+)" name="([^"]+)"/.exec(testcase) ?? [];
        const route = /route_code: (\S+)/.exec(testcase.split('</testcase>')[0] ?? '')?.[1];
        return `${className}.${name}${route ? ` (route ${route})` : ''}`;
      });
    // A locale-aware comparison would put a.b before a.B and test_b before test_B.
    expect(order).toEqual(['a.B.Test.Test_a', 'a.B.Test.test_B', 'a.B.Test.test_b', 'a.B.Test.test_b (route 0)', 'a.B.Test.test_b (route 1)', 'a.b.Test.test_a', 'a_c.X.test_a']);
  });

  it('keeps hostile text well-formed: every ]]> split, ANSI and forbidden characters removed', () => {
    const results: RunResults = { tests: [hostile], text: '', textBytes: 0, start: hostile.start, end: hostile.end };
    const xml = renderJunit(results);
    const doc = parse(xml);
    const testCase = doc.testsuites.testsuite[0]?.testcase?.[0] as Case & { failure: { type: string; message: string; '#cdata': string | string[] }; 'system-out': { '#cdata': string | string[] } };
    expect(testCase.classname).toBe('tempest.api.x.Hostile');
    expect(testCase.name).toBe('test_all_the_things[id-11111111-2222-3333-4444-555555555555,smoke]');
    expect(testCase.failure.type).toBe('testtools.matchers._impl.MismatchError');
    expect(testCase.failure.message).toBe('1 != 2 ]]>');
    const body = [testCase.failure['#cdata']].flat().join('');
    expect(body).toContain('x ]]> y ]]> z red');
    for (const forbidden of ['\u001b', '\u0000', '\u0007', '\ud800']) expect(body.includes(forbidden)).toBe(false);
    expect([testCase['system-out']['#cdata']].flat().join('')).toBe(`idempotent_id: 11111111-2222-3333-4444-555555555555\ntags: worker-0\nroute_code: 0\n${'log ]]> line\n'.repeat(10)}`);
    expect(xml).toContain('timestamp="2026-01-02T03:04:05Z"');
  });
});

const at = Date.UTC(2026, 0, 2, 3, 4, 5);
const attachment = (name: string, text: string): Attachment => ({ name, mimeType: 'text/plain', text, bytes: text.length, truncated: false });
const result = (id: string, fields: Partial<TestResult>): TestResult => ({
  id,
  routeCode: '',
  status: 'success',
  start: at,
  end: at + 1500,
  tags: [],
  worker: undefined,
  attachments: [],
  reason: undefined,
  fixture: false,
  ...fields,
});

describe('renderJunit, element by element', () => {
  it('writes the layout junit-report-builder wrote: attribute order, indentation, empty elements, child order', () => {
    const results: RunResults = {
      tests: [
        result('tempest.a.C.test_unexpected', { status: 'uxsuccess' }),
        result('tempest.a.B.test_fail', { status: 'fail', attachments: [attachment('traceback', 'Traceback (most recent call last):\nValueError: bad'), attachment("pythonlogging:''", 'a log line\n')] }),
        result('tempest.a.B.test_pass[id-1234,smoke]', { tags: ['worker-0'], worker: 'worker-0', routeCode: '0' }),
        result('tempest.a.B.test_skip', { status: 'skip', reason: 'no volume service' }),
        result('tempest.a.C.test_crash', { status: 'crashed', end: undefined }),
        result('tempest.a.C.test_flaky', {}),
        result('tempest.a.C.test_never', { status: 'notrun', start: undefined, end: undefined }),
      ],
      text: '',
      textBytes: 0,
      start: at,
      end: at + 60_000,
    };
    const stages: StageOutcome[] = [
      { name: 'stack', status: 'passed', startedAt: new Date(at - 2000), durationMs: 500, logFile: 'logs/stack.log' },
      { name: 'verify', status: 'failed', startedAt: new Date(at - 1500), durationMs: 250, message: 'no hypervisor', tellingLines: ['one', 'two'] },
      { name: 'tempest', status: 'skipped', startedAt: new Date(at - 1250), durationMs: 0, message: 'the stack is down' },
    ];
    const reruns = new Map([['tempest.a.C.test_flaky', [result('tempest.a.C.test_flaky', { status: 'fail', attachments: [attachment('traceback', 'Traceback\nTimeoutError: slow')] })]]]);
    // As junit-report-builder printed it, but for the flaky/rerun elements, which it could not make
    // (a line of their own, before system-out, in Surefire's order), and for what junit-10.xsd
    // forbids: a testcase's properties are lines of its system-out, <testsuites> has no skipped.
    expect(renderJunit(results, { stages, properties: { profile: 'distro' }, reruns })).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites tests="10" failures="2" errors="3">',
        '  <testsuite name="dockenstack.stages" timestamp="2026-01-02T03:04:03Z" time="0.75" tests="3" failures="0" errors="1" skipped="1">',
        '    <testcase classname="dockenstack.stages" name="stack" time="0.5">',
        '      <system-out><![CDATA[[[ATTACHMENT|logs/stack.log]]',
        ']]></system-out>',
        '    </testcase>',
        '    <testcase classname="dockenstack.stages" name="verify" time="0.25">',
        '      <error message="no hypervisor" type="failed"><![CDATA[one',
        'two]]></error>',
        '    </testcase>',
        '    <testcase classname="dockenstack.stages" name="tempest" time="0">',
        '      <skipped message="the stack is down"/>',
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="tempest" timestamp="2026-01-02T03:04:05Z" time="60" tests="7" failures="2" errors="2" skipped="1">',
        '    <properties>',
        '      <property name="profile" value="distro"/>',
        '    </properties>',
        '    <testcase classname="tempest.a.B" name="test_fail" time="1.5">',
        '      <failure message="bad" type="ValueError"><![CDATA[Traceback (most recent call last):',
        'ValueError: bad]]></failure>',
        '      <system-out><![CDATA[a log line',
        ']]></system-out>',
        '    </testcase>',
        '    <testcase classname="tempest.a.B" name="test_pass[id-1234,smoke]" time="1.5">',
        '      <system-out><![CDATA[idempotent_id: 1234',
        'tags: worker-0',
        'route_code: 0',
        ']]></system-out>',
        '    </testcase>',
        '    <testcase classname="tempest.a.B" name="test_skip" time="1.5">',
        '      <skipped message="no volume service"/>',
        '    </testcase>',
        '    <testcase classname="tempest.a.C" name="test_crash">',
        '      <error message="the test was still running when its stream ended (the worker crashed or was killed)" type="Crashed"/>',
        '    </testcase>',
        '    <testcase classname="tempest.a.C" name="test_flaky" time="1.5">',
        '      <flakyFailure message="slow" type="TimeoutError"><stackTrace><![CDATA[Traceback',
        'TimeoutError: slow]]></stackTrace></flakyFailure>',
        '    </testcase>',
        '    <testcase classname="tempest.a.C" name="test_never">',
        '      <error message="selected but never run" type="NotRun"/>',
        '    </testcase>',
        '    <testcase classname="tempest.a.C" name="test_unexpected" time="1.5">',
        '      <failure message="passed, but was expected to fail" type="UnexpectedSuccess"/>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
      ].join('\n'),
    );
  });

  it('gives back every text exactly once parsed, with what XML cannot hold removed', () => {
    const nasty = 'a & b < c > d "e" \'f\'\tg\nh\r\ni ]]> j';
    const results: RunResults = {
      tests: [
        result('tempest.x.Odd&<>"Class.test_"quoted"&<b>[id-1&2,smoke]', { routeCode: '0"&<1', tags: ['worker-0', 'a&b<c"d\u0001\ufffe'], status: 'skip', reason: nasty }),
        result('tempest.x.Y.test_fail', {
          status: 'fail',
          attachments: [
            attachment('traceback', ']]>start ]]]> x ]]>]]> \u001b[1;31mred\u001b[0m nul\u0000 bell\u0007 vt\u000b ff\u000c esc\u001b fffe\ufffe lone\ud800 low\udc00 pair\ud83d\ude00 é\nValueError: 1 < 2 & "q" ]]>'),
            attachment("pythonlogging:''", 'log ]]> & <tag> \r\n]]>\u0000 \u001b[2mdim\u001b[0m'),
          ],
        }),
      ],
      text: '',
      textBytes: 0,
      start: at,
      end: at + 1000,
    };
    const xml = renderJunit(results, { properties: { note: nasty }, reruns: new Map([['tempest.x.Y.test_fail', [results.tests[1] as TestResult]]]) });

    // Nothing XML 1.0 forbids.
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    // Each CDATA section ends at its first `]]>`, as a parser reads it; what is left must be tags
    // whose attribute values hold no markup (`<`, a quote, `&` but in a reference). A `]]>` left
    // unsplit in a text would end its section early and leave the rest of the text here.
    const markup = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
    const tag = /<\?xml[^>]*\?>|<\/[\w-]+>|<[\w-]+(?: [\w-]+="(?:[^"<&]|&(?:amp|lt|quot|#x9|#xA|#xD);)*")*\/?>/g;
    expect(markup.replace(tag, '').trim()).toBe('');

    type Text = { '#cdata': string | string[] };
    type Failure = Text & { type: string; message: string };
    type Properties = { property: { name: string; value: string }[] };
    type Parsed = {
      classname: string;
      name: string;
      skipped: { message: string };
      failure: Failure;
      'system-out': Text;
      rerunFailure: { type: string; message: string; stackTrace: Text };
    };
    // htmlEntities: character references (&#xA; …) are read too; trimValues off: text as written.
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true, trimValues: false, cdataPropName: '#cdata', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) });
    const doc = parser.parse(xml) as { testsuites: { testsuite: { properties: Properties; testcase: Parsed[] }[] } };
    const cdata = (element: Text | undefined) => [element?.['#cdata'] ?? ''].flat().join('');
    const suite = doc.testsuites.testsuite[0];
    expect(suite?.properties.property[0]?.value).toBe(nasty);
    const [odd, failed] = suite?.testcase ?? [];
    expect(odd).toMatchObject({ classname: 'tempest.x.Odd&<>"Class', name: 'test_"quoted"&<b>[id-1&2,smoke]', skipped: { message: nasty } });
    expect(cdata(odd?.['system-out'])).toBe('idempotent_id: 1&2\ntags: worker-0 a&b<c"d\nroute_code: 0"&<1\n');
    const cleaned = ']]>start ]]]> x ]]>]]> red nul bell vt ff esc fffe lone low pair\ud83d\ude00 é\nValueError: 1 < 2 & "q" ]]>';
    expect(failed?.failure).toMatchObject({ type: 'ValueError', message: '1 < 2 & "q" ]]>' });
    expect(cdata(failed?.failure)).toBe(cleaned);
    // A parser reads a line end in content as \n (in an attribute value, \r is a reference, kept).
    expect(cdata(failed?.['system-out'])).toBe('log ]]> & <tag> \n]]> dim');
    expect(failed?.rerunFailure).toMatchObject({ type: 'ValueError', message: '1 < 2 & "q" ]]>' });
    expect(cdata(failed?.rerunFailure.stackTrace)).toBe(cleaned);
  });
});

describe('renderSummary', () => {
  it('lists totals, failures with their messages and the slowest tests', () => {
    const summary = renderSummary({ tests: [hostile], text: '', textBytes: 0, start: hostile.start, end: hostile.end }, { verdictBlock: '**Verdict: FAILED**' });
    expect(summary).toMatch(/\*\*Verdict: FAILED\*\*/);
    expect(summary).toMatch(/\| 1 \| 0 \| 1 \| 0 \| 0 \| 0 \| 0 \| 0\.0 % \|/);
    expect(summary).toMatch(/## Failures \(1\)\n\n- `tempest\.api\.x\.Hostile\.test_all_the_things\[.*\]`: testtools\.matchers\._impl\.MismatchError: 1 != 2/);
    expect(summary).toMatch(/## Slowest tests[\s\S]*\| 2\.00 \|/);
  });
});
