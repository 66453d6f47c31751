import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../../harness/report/junit.ts';
import { renderSummary } from '../../../harness/report/summary.ts';
import { collectResults } from '../../../harness/results/collect.ts';
import type { RunResults, TestResult } from '../../../harness/results/model.ts';
import { parseSubunit } from '../../../harness/subunit/parse-stream.ts';

const fixture = join(import.meta.dirname, '..', '..', 'fixtures', 'subunit', 'compute-servers.subunit');
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name), cdataPropName: '#cdata' });

type Case = { classname: string; name: string; failure?: unknown; error?: unknown; skipped?: unknown };
type Suite = { name: string; tests: string; failures: string; errors: string; skipped: string; timestamp?: string; testcase?: Case[] };

function parse(xml: string): { testsuites: Suite & { testsuite: Suite[] } } {
  return parser.parse(xml) as { testsuites: Suite & { testsuite: Suite[] } };
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
    expect({ tests: Number(doc.testsuites.tests), failures: Number(doc.testsuites.failures), errors: Number(doc.testsuites.errors), skipped: Number(doc.testsuites.skipped) }).toEqual(counts(all));
    const tempest = doc.testsuites.testsuite.find((s) => s.name === 'tempest');
    expect(tempest?.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const names = (tempest?.testcase ?? []).map((c) => `${c.classname}.${c.name}`);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)) && names);
    const skipped = (tempest?.testcase ?? []).filter((c) => c.skipped !== undefined);
    expect(skipped.every((c) => typeof (c.skipped as { message?: string }).message === 'string')).toBe(true);
    const stages = doc.testsuites.testsuite.find((s) => s.name === 'dockenstack.stages');
    expect(stages?.testcase?.[0]).toMatchObject({ name: 'stack', error: { type: 'failed', message: 'stack: stack.sh exited with 1'.replace('stack: ', '') } });
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
    expect([testCase['system-out']['#cdata']].flat().join('')).toBe('log ]]> line\n'.repeat(10));
    expect(xml).toContain('timestamp="2026-01-02T03:04:05Z"');
  });
});

describe('renderSummary', () => {
  it('lists totals, failures with their messages and the slowest tests', () => {
    const summary = renderSummary({ tests: [hostile], text: '', textBytes: 0, start: hostile.start, end: hostile.end }, { verdictBlock: '**Verdict: FAILED**' });
    expect(summary).toMatch(/\*\*Verdict: FAILED\*\*/);
    expect(summary).toMatch(/\| 1 \| 0 \| 1 \| 0 \| 0 \| 0 \| 0\.0 % \|/);
    expect(summary).toMatch(/## Failures \(1\)\n\n- `tempest\.api\.x\.Hostile\.test_all_the_things\[.*\]`: testtools\.matchers\._impl\.MismatchError: 1 != 2/);
    expect(summary).toMatch(/## Slowest tests[\s\S]*\| 2\.00 \|/);
  });
});
