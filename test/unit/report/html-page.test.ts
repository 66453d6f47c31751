// index.html's server side: the compact data model read back (ids, statuses, details), the one
// escaping place holding against a test's output that looks like markup, and the service-log
// lookup of request ids.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../../harness/report/html.ts';
import { DISPLAY_STATUSES, pageData, type PageData } from '../../../harness/report/html/page-data.ts';
import { findRequestLines, requestIdsOf } from '../../../harness/report/html/request-lines.ts';
import { collectResults } from '../../../harness/results/collect.ts';
import type { RunResults, TestResult } from '../../../harness/results/model.ts';
import { parseSubunit } from '../../../harness/subunit/parse-stream.ts';

const fixture = join(import.meta.dirname, '..', '..', 'fixtures', 'subunit', 'compute-servers.subunit');

function test(id: string, status: TestResult['status'], extra: Partial<TestResult> = {}): TestResult {
  return { id, routeCode: '', status, start: 1000, end: 1500, tags: ['worker-0'], worker: 'worker-0', attachments: [], reason: undefined, fixture: false, ...extra };
}

const run = (tests: TestResult[]): RunResults => ({ tests, text: '', textBytes: 0, start: 1000, end: 3000 });
const idOf = (data: PageData, row: PageData['tests'][number]) => (row[8] ? row[1] : `${data.classes[row[0]]}.${row[1]}`);
const embedded = (html: string) => JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)?.[1] ?? 'null') as PageData;

describe('the page data', () => {
  it('gives back every reportable test id, sorted, with its display status', async () => {
    const results = await collectResults(parseSubunit(createReadStream(fixture)));
    const data = pageData(results, { title: 't' });
    const ids = data.tests.map((row) => idOf(data, row));
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(90);
    expect(ids.some((id) => id.startsWith('setUpClass ('))).toBe(false);
    const statuses = data.tests.map((row) => data.statuses[row[2]]);
    expect(statuses.filter((s) => s === 'skipped').length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 'passed' || s === 'skipped')).toBe(true);
  });

  it('marks known failures and flaky tests, keeps a class fixture whole, and details only what has output', () => {
    const traceback = { name: 'traceback', mimeType: 'text/x-traceback', text: 'Traceback (most recent call last):\nValueError: boom', bytes: 48, truncated: false };
    const tests = [
      test('a.b.C.test_known', 'fail', { attachments: [traceback] }),
      test('a.b.C.test_new', 'fail', { attachments: [traceback] }),
      test('a.b.C.test_flaky', 'success'),
      test('a.b.C.test_crash', 'crashed'),
      test('a.b.C.test_never', 'notrun', { start: undefined, end: undefined }),
      test('a.b.C.test_skip', 'skip', { reason: 'no volumes', attachments: [{ ...traceback, name: 'reason', text: 'no volumes' }] }),
      test('setUpClass (a.b.D)', 'fail', { fixture: true, attachments: [traceback] }),
    ];
    const data = pageData(run(tests), { title: 't', knownFailures: [{ id: 'a.b.C.test_known', reason: 'upstream bug' }], flaky: ['a.b.C.test_flaky'] });
    const byId = new Map(data.tests.map((row) => [idOf(data, row), row]));
    const status = (id: string) => data.statuses[byId.get(id)?.[2] ?? -1];
    expect([...byId.keys()].map(status)).toEqual(['crashed', 'flaky', 'known', 'notrun', 'failed', 'skipped', 'failed']);
    expect(data.reasons[byId.get('a.b.C.test_known')?.[6] ?? -1]).toBe('known failure: upstream bug');
    expect(data.reasons[byId.get('a.b.C.test_skip')?.[6] ?? -1]).toBe('no volumes');
    // The skip reason is shown as the reason, not again as output.
    expect(byId.get('a.b.C.test_skip')?.[7]).toBe(-1);
    expect(data.details[byId.get('a.b.C.test_new')?.[7] ?? -1]).toEqual(['fail', 'ValueError: boom', [['traceback', traceback.text, false]]]);
    expect(byId.get('setUpClass (a.b.D)')?.slice(0, 2)).toEqual([data.classes.indexOf('a.b.D'), 'setUpClass (a.b.D)']);
    expect(byId.get('a.b.C.test_never')?.slice(3, 5)).toEqual([-1, -1]);
    expect(byId.get('a.b.C.test_new')?.slice(3, 6)).toEqual([0, 500, 0]);
    expect(DISPLAY_STATUSES).toHaveLength(7);
  });

  it('embeds output that looks like markup as data, which the page reads back unchanged', () => {
    const hostile = '</script><script>alert(1)</script><!-- & "quoted" \u2028';
    const tests = [test('a.b.C.test_x', 'fail', { attachments: [{ name: 'traceback', mimeType: undefined, text: hostile, bytes: 10, truncated: false }] })];
    const html = renderHtmlReport(run(tests), { title: '<b>title</b>', verdictBlock: '**Verdict: FAILED** <i>' });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b>title');
    expect(html).toContain('&lt;b&gt;title&lt;/b&gt;');
    expect(html).toContain('<strong>Verdict: FAILED</strong> &lt;i&gt;');
    expect(embedded(html).details[0]?.[2][0]?.[1]).toBe(hostile);
  });

  it('writes the rows in pieces that make one valid JSON document', () => {
    const many = Array.from({ length: 4500 }, (_, i) => test(`m.C.test_${String(i).padStart(4, '0')}`, i % 3 ? 'success' : 'skip'));
    const data = embedded(renderHtmlReport(run(many), { title: 'many' }));
    expect(data.tests).toHaveLength(4500);
    expect(idOf(data, data.tests[4499] as PageData['tests'][number])).toBe('m.C.test_4499');
  });
});

describe('request ids in the service logs', () => {
  const id = 'req-0b2d6c1e-5f3a-4c2b-9d8e-7f6a5b4c3d2e';
  const other = 'req-11111111-2222-3333-4444-555555555555';

  it('finds the ids in the captured logging and the lines of the logs that mention them, a few per id', async () => {
    const log = { name: "pythonlogging:''", mimeType: 'text/plain', text: `Response - Headers: {'x-openstack-request-id': '${id}'}`, bytes: 80, truncated: false };
    const ids = requestIdsOf(run([test('a.C.test_x', 'fail', { attachments: [log] })]));
    expect([...ids]).toEqual([id]);
    const root = mkdtempSync(join(tmpdir(), 'dockenstack-req-'));
    mkdirSync(join(root, 'logs', 'nova'), { recursive: true });
    const lines = ['start', `INFO nova.api [${id} admin admin] GET /v2.1/servers`, `INFO nova.api [${other} admin admin] GET /`, ...Array.from({ length: 50 }, (_, i) => `DEBUG [${id}] line ${i}`)];
    writeFileSync(join(root, 'logs', 'nova', 'nova-api.log'), `${lines.join('\n')}\n`);
    const found = await findRequestLines(root, ['logs/nova/nova-api.log'], ids);
    expect([...found.keys()]).toEqual([id]);
    expect(found.get(id)?.[0]).toEqual({ file: 'logs/nova/nova-api.log', line: 2, text: lines[1] });
    expect(found.get(id)).toHaveLength(40);
  });
});
