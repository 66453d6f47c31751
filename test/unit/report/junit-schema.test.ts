// Issue 15 item 11: junit.xml as the consumers read it: valid under the schema Jenkins' xUnit
// plugin validates JUnit with (junit-10.xsd, see test/fixtures/junit/NOTES.md), checked by
// libxml2's xmllint (xmllint-wasm), and read back by a maintained parser (fast-xml-parser).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import type { StageOutcome } from '../../../harness/run/stages.ts';
import { renderJunit } from '../../../harness/report/junit.ts';
import { collectStream, reportableTests } from '../../../harness/results/collect.ts';
import type { RunResults, TestResult } from '../../../harness/results/model.ts';
import { parseKnownFailures } from '../../../harness/selection/known-failures.ts';
import { judge, knownFailuresOf } from '../../../harness/verdict/verdict.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const schema = readFileSync(join(root, 'test', 'fixtures', 'junit', 'junit-10.xsd'), 'utf8');
let xml: string;
let results: RunResults;

beforeAll(async () => {
  const once = gunzipSync(readFileSync(join(root, 'test', 'fixtures', 'subunit', 'distro-full.subunit.gz')));
  // Twice over: every test has two attempts, so the rerun form is in the document too.
  results = await collectStream((async function* () {
    yield once;
    yield once;
  })());
  const tests = reportableTests(results.tests);
  const verdict = judge({ selected: tests.map((t) => t.id), results: tests, knownFailures: parseKnownFailures('ServerActionsTestJSON\\.test_get_console_output_with_unlimited_size  # the console-output RPC timed out\n', 'known-failures.txt'), stackUp: true, voting: true });
  const passed = tests.find((t) => t.status === 'success') as TestResult;
  const failed = tests.find((t) => t.status === 'fail') as TestResult;
  const stages: StageOutcome[] = [
    { name: 'stack', status: 'passed', startedAt: new Date(0), durationMs: 1500, logFile: 'logs/stack.log' },
    { name: 'verify', status: 'failed', startedAt: new Date(1500), durationMs: 250, message: 'no hypervisor', tellingLines: ['[ERROR] none'], logFile: 'logs/verify.log' },
    { name: 'tempest', status: 'skipped', startedAt: new Date(1750), durationMs: 0, message: 'an earlier stage failed' },
  ];
  xml = renderJunit(results, {
    stages,
    properties: { run_id: 'r1', profile: 'distro', verdict: 'failed' },
    reruns: new Map([[passed.id, [failed]]]),
    knownFailures: knownFailuresOf(verdict),
  });
});

describe("item 11: junit.xml is what JUnit's consumers accept", () => {
  it("is valid under Jenkins' junit-10.xsd (xmllint)", async () => {
    const { valid, errors } = await validateXML({ xml: { fileName: 'junit.xml', contents: xml }, schema: { fileName: 'junit-10.xsd', contents: schema }, maxMemoryPages: 4096 });
    expect(errors.map((e) => e.rawMessage)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('writes no properties in a testcase and no skipped count on testsuites, as the schema asks', () => {
    expect(xml).not.toMatch(/<testsuites[^>]* skipped=/);
    expect(xml.split('<testcase ').slice(1).some((testcase) => testcase.split('</testcase>')[0]?.includes('<properties>'))).toBe(false);
    expect(xml).toMatch(/<flakyFailure /);
    expect(xml).toMatch(/<rerunFailure /);
  });

  it("keeps a test's idempotent id, tags, route code and attempts, as the first lines of its system-out (fast-xml-parser)", () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    type Case = { classname: string; name: string; 'system-out'?: { '#cdata': string | string[] } };
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', cdataPropName: '#cdata', isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(xml) as {
      testsuites: { testsuite: { name: string; testcase: Case[] }[] };
    };
    const [stages, tempest] = doc.testsuites.testsuite;
    const out = (testcase: Case | undefined) => [testcase?.['system-out']?.['#cdata'] ?? ''].flat().join('');
    expect(out(stages?.testcase.find((c) => c.name === 'verify'))).toBe('[[ATTACHMENT|logs/verify.log]]\n');
    const withId = results.tests.find((t) => t.routeCode && /\[id-[0-9a-f-]+/.test(t.id) && t.tags.length) as TestResult;
    const uuid = /\[id-([0-9a-f-]+)/.exec(withId.id)?.[1];
    const testcase = tempest?.testcase.find((c) => `${c.classname}.${c.name}` === withId.id);
    expect(out(testcase)).toMatch(new RegExp(`^idempotent_id: ${uuid}\\ntags: ${withId.tags.join(' ')}\\nroute_code: ${withId.routeCode}\\nattempts: 2\\n`));
  });
});
