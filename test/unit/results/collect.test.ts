import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../../harness/report/junit.ts';
import { collectResults, collectStream, reportableTests, type CollectOptions } from '../../../harness/results/collect.ts';
import type { SubunitEvent, SubunitPacket } from '../../../harness/subunit/packet.ts';

/** A packet as the parser yields it, with only the fields a case needs. */
function packet(testId: string, status: SubunitEvent['status'], fields: Partial<SubunitEvent> = {}): SubunitEvent {
  return {
    kind: 'event',
    offset: 0,
    length: 0,
    status,
    testId,
    routeCode: undefined,
    timestamp: undefined,
    tags: undefined,
    mimeType: undefined,
    fileName: undefined,
    fileBytes: undefined,
    eof: false,
    runnable: true,
    ...fields,
  };
}

/** A packet carrying a piece of one of the test's attachments. */
function file(testId: string, name: string, bytes: Buffer | string, status: SubunitEvent['status'] = 'undefined'): SubunitEvent {
  return packet(testId, status, { fileName: name, mimeType: 'text/plain;charset=utf8', fileBytes: Buffer.from(bytes) });
}

async function collect(packets: SubunitPacket[], options?: CollectOptions) {
  async function* stream() {
    yield* packets;
  }
  return collectResults(stream(), options);
}

const run = [
  packet('a.B.test_pass', 'inprogress'),
  file('a.B.test_pass', "pythonlogging:''", 'log of a pass\n'),
  packet('a.B.test_pass', 'success'),
  packet('a.B.test_fail', 'inprogress'),
  file('a.B.test_fail', "pythonlogging:''", 'log of a failure\n'),
  file('a.B.test_fail', 'traceback', 'Traceback\nValueError: bad\n'),
  packet('a.B.test_fail', 'fail'),
  packet('a.B.test_skip', 'inprogress'),
  file('a.B.test_skip', "pythonlogging:''", 'log of a skip\n'),
  file('a.B.test_skip', 'reason', 'no volume service', 'skip'),
];

describe('collectResults', () => {
  it("keeps the captured output of tests that failed, and only the skip reason of those that did not, unless asked for everyone's", async () => {
    const failures = await collect(run);
    expect(failures.tests.map((t) => [t.id, t.status, t.attachments.map((a) => `${a.name}: ${a.text}`)])).toEqual([
      ['a.B.test_pass', 'success', []],
      ['a.B.test_fail', 'fail', ["pythonlogging:'': log of a failure\n", 'traceback: Traceback\nValueError: bad\n']],
      ['a.B.test_skip', 'skip', ['reason: no volume service']],
    ]);
    expect(failures.tests[2]?.reason).toBe('no volume service');

    const all = await collect(run, { keepOutputOf: 'all' });
    expect(all.tests.map((t) => t.attachments.map((a) => a.name))).toEqual([["pythonlogging:''"], ["pythonlogging:''", 'traceback'], ["pythonlogging:''", 'reason']]);
  });

  it('keeps the tail of an attachment longer than the cap, with its full size', async () => {
    const [test] = (
      await collect([file('a.B.test_x', 'traceback', 'AAAA'), file('a.B.test_x', 'traceback', 'BBBB'), file('a.B.test_x', 'traceback', 'CCCC'), packet('a.B.test_x', 'fail')], {
        attachmentCap: 6,
      })
    ).tests;
    expect(test?.attachments).toEqual([{ name: 'traceback', mimeType: 'text/plain;charset=utf8', text: 'BBCCCC', bytes: 12, truncated: true }]);
  });

  it('decodes a character whose bytes are split between two packets', async () => {
    const bytes = Buffer.from('naïve 😀');
    const [test] = (await collect([file('a.B.test_x', 'traceback', bytes.subarray(0, 3)), file('a.B.test_x', 'traceback', bytes.subarray(3, 8)), file('a.B.test_x', 'traceback', bytes.subarray(8)), packet('a.B.test_x', 'fail')]))
      .tests;
    expect(test?.attachments[0]).toMatchObject({ text: 'naïve 😀', bytes: bytes.length, truncated: false });
  });

  it('takes up an attachment again when it goes on after its test ended', async () => {
    const [test] = (await collect([file('a.B.test_x', 'traceback', 'part one\n'), packet('a.B.test_x', 'fail'), file('a.B.test_x', 'traceback', 'part two\n')])).tests;
    expect(test?.attachments).toEqual([{ name: 'traceback', mimeType: 'text/plain;charset=utf8', text: 'part one\npart two\n', bytes: 18, truncated: false }]);
  });

  it('gives one result per route code and test id, in the order first seen, each tag once and sorted', async () => {
    const results = await collect([
      packet('a.B.test_x', 'inprogress', { routeCode: '0', tags: ['worker-0', 'smoke'], timestamp: 1000 }),
      packet('a.B.test_y', 'inprogress', { routeCode: '1', tags: ['worker-1'], timestamp: 1500 }),
      packet('a.B.test_x', 'inprogress', { routeCode: '1', tags: ['worker-1'], timestamp: 2000 }),
      packet('a.B.test_x', 'success', { routeCode: '0', tags: ['worker-0', 'smoke'], timestamp: 3000 }),
      packet('a.B.test_x', 'fail', { routeCode: '1', tags: ['worker-1', 'alpha'], timestamp: 4000 }),
    ]);
    expect(results.tests.map((t) => [t.id, t.routeCode, t.status, t.tags, t.worker, t.start, t.end])).toEqual([
      ['a.B.test_x', '0', 'success', ['smoke', 'worker-0'], 'worker-0', 1000, 3000],
      ['a.B.test_y', '1', 'crashed', ['worker-1'], 'worker-1', 1500, undefined],
      ['a.B.test_x', '1', 'fail', ['alpha', 'worker-1'], 'worker-1', 2000, 4000],
    ]);
    expect([results.start, results.end]).toEqual([1000, 4000]);
  });

  it("gives a listed test its class's setUpClass outcome, and reports the fixture only when its class has no test", async () => {
    const results = await collect([
      packet('a.B.test_x', 'exists'),
      packet('a.C.test_y', 'exists'),
      file('setUpClass (a.B)', 'reason', 'no volume service', 'skip'),
      file('setUpClass (d.E)', 'traceback', 'Traceback\nValueError: bad\n'),
      packet('setUpClass (d.E)', 'fail'),
    ]);
    expect(results.tests.map((t) => [t.id, t.status, t.reason])).toEqual([
      ['a.B.test_x', 'skip', 'setUpClass skipped: no volume service'],
      ['a.C.test_y', 'notrun', undefined],
      ['setUpClass (a.B)', 'skip', 'no volume service'],
      ['setUpClass (d.E)', 'fail', undefined],
    ]);
    expect(reportableTests(results.tests).map((t) => t.id)).toEqual(['a.B.test_x', 'a.C.test_y', 'setUpClass (d.E)']);
  });
});

describe('class fixtures in the reported tests', () => {
  it('keeps a failed tearDownClass though its class has tests (it leaked what it made), and leaves out one that passed', async () => {
    const results = await collect([
      packet('a.B.test_x', 'inprogress'),
      packet('a.B.test_x', 'success'),
      file('tearDownClass (a.B)', 'traceback', 'Traceback\nValueError: a server was left behind\n'),
      packet('tearDownClass (a.B)', 'fail'),
      packet('a.C.test_y', 'inprogress'),
      packet('a.C.test_y', 'success'),
      packet('tearDownClass (a.C)', 'success'),
    ]);
    expect(reportableTests(results.tests).map((t) => [t.id, t.status])).toEqual([
      ['a.B.test_x', 'success'],
      ['tearDownClass (a.B)', 'fail'],
      ['a.C.test_y', 'success'],
    ]);
  });
});

describe('reportableTests', () => {
  it('gives each caller a list of its own to sort', async () => {
    const { tests } = await collect(run);
    const first = reportableTests(tests);
    first.reverse();
    expect(reportableTests(tests).map((t) => t.id)).toEqual(['a.B.test_pass', 'a.B.test_fail', 'a.B.test_skip']);
  });
});

describe('item 10: a stream that repeats test ids', () => {
  it('makes each repetition an attempt: the last decides, the failed ones before it are kept with their tracebacks', async () => {
    const results = await collect([
      packet('a.B.test_x', 'inprogress', { timestamp: 1000 }),
      file('a.B.test_x', 'traceback', 'Traceback\nValueError: first\n'),
      packet('a.B.test_x', 'fail', { timestamp: 2000 }),
      packet('a.B.test_x', 'inprogress', { timestamp: 3000 }),
      file('a.B.test_x', "pythonlogging:''", 'log\n'),
      packet('a.B.test_x', 'success', { timestamp: 4000 }),
      packet('a.B.test_y', 'inprogress'),
      packet('a.B.test_y', 'success'),
      packet('a.B.test_y', 'inprogress'),
      file('a.B.test_y', 'traceback', 'Traceback\nValueError: second\n'),
      packet('a.B.test_y', 'fail'),
    ]);
    const [x, y] = results.tests;
    expect(results.tests).toHaveLength(2);
    expect(x).toMatchObject({ status: 'success', start: 3000, end: 4000, attempts: 2, attachments: [] });
    expect(x?.earlierFailures?.map((a) => [a.status, a.start, a.end, a.attachments.map((f) => f.text)])).toEqual([['fail', 1000, 2000, ['Traceback\nValueError: first\n']]]);
    expect(y).toMatchObject({ status: 'fail', attempts: 2, earlierFailures: [] });
    expect(y?.attachments.map((f) => f.text)).toEqual(['Traceback\nValueError: second\n']);
  });

  it("writes Surefire's form when the outcomes differ: flakyFailure when the last attempt passed", async () => {
    const results = await collect([
      packet('a.B.test_x', 'inprogress'),
      file('a.B.test_x', 'traceback', 'Traceback\nValueError: first\n'),
      packet('a.B.test_x', 'fail'),
      packet('a.B.test_x', 'inprogress'),
      packet('a.B.test_x', 'success'),
      packet('a.B.test_z', 'inprogress'),
      file('a.B.test_z', 'traceback', 'Traceback\nKeyError: one\n'),
      packet('a.B.test_z', 'fail'),
      packet('a.B.test_z', 'inprogress'),
      file('a.B.test_z', 'traceback', 'Traceback\nKeyError: two\n'),
      packet('a.B.test_z', 'fail'),
    ]);
    const xml = renderJunit(results);
    expect(xml).toMatch(/name="test_x">\n.*<flakyFailure message="first" type="ValueError"><stackTrace>/);
    expect(xml).toMatch(/name="test_z">\n.*<failure message="two"[\s\S]*<rerunFailure message="one" type="KeyError">/);
  });

  it('keeps every test of a real run once, with nothing of one attempt grown by the others, however many times the run repeats', async () => {
    const once = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'subunit', 'compute-servers.subunit'));
    const single = await collectStream(Readable.from([once]));
    const repeated = await collectStream(Readable.from(Array.from({ length: 100 }, () => once)));
    expect(repeated.tests.map((t) => [t.id, t.status, t.attachments.map((a) => a.text)])).toEqual(single.tests.map((t) => [t.id, t.status, t.attachments.map((a) => a.text)]));
    const ran = repeated.tests.filter((t) => t.start !== undefined);
    expect(ran.length).toBeGreaterThan(60);
    expect(ran.every((t) => t.attempts === 100)).toBe(true);
  });
});
