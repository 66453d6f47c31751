// Issue 17: Tempest's time left, estimated from an earlier run's timings, on the durations of a
// real run (test/fixtures/subunit/compute-servers.subunit, see its NOTES.md).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResults } from '../../../harness/results/read-results.ts';
import { TimeLeft } from '../../../harness/selection/time-left.ts';
import { costsOf, timingsOf } from '../../../harness/selection/timings.ts';

const stream = join(import.meta.dirname, '..', '..', 'fixtures', 'subunit', 'compute-servers.subunit');

describe('time left', () => {
  it('is the earlier durations of the tests not yet done, over the workers', async () => {
    const timings = timingsOf(await readResults(stream));
    const ids = [...timings.keys()];
    const total = [...timings.values()].reduce((sum, seconds) => sum + seconds, 0);
    expect(total).toBeGreaterThan(60);
    const left = TimeLeft.of(ids, timings, 2);
    expect(left?.seconds).toBeCloseTo(total / 2, 6);
    const slowest = ids.reduce((a, b) => ((timings.get(a) ?? 0) >= (timings.get(b) ?? 0) ? a : b));
    left?.done(slowest);
    expect(left?.seconds).toBeCloseTo((total - (timings.get(slowest) ?? 0)) / 2, 6);
    // A test reported twice (a retry) or one not selected takes nothing more off.
    left?.done(slowest);
    left?.done('tempest.api.not.Selected.test_x');
    expect(left?.seconds).toBeCloseTo((total - (timings.get(slowest) ?? 0)) / 2, 6);
    for (const id of ids) left?.done(id);
    expect(left?.seconds).toBe(0);
  });

  it('matches ids without their attributes, and counts an untimed test at the mean of the timed ones', () => {
    const timings = new Map([
      ['tempest.api.a.A.test_one[id-1,smoke]', 10],
      ['tempest.api.a.A.test_two[id-2]', 30],
    ]);
    const left = TimeLeft.of(['tempest.api.a.A.test_one', 'tempest.api.a.A.test_two[id-2]', 'tempest.api.b.B.test_new[id-9]'], timings, 1);
    expect(left?.seconds).toBe(10 + 30 + 20);
    left?.done('tempest.api.b.B.test_new[id-9]');
    expect(left?.seconds).toBe(40);
  });

  it("costs each test its duration and its worker's wait before it (its class's setUpClass), so a worker's costs add up to its busy time", async () => {
    const results = await readResults(stream);
    const costs = costsOf(results);
    const durations = timingsOf(results);
    for (const [id, seconds] of durations) expect(costs.get(id)).toBeGreaterThanOrEqual(seconds - 1e-9);
    // Each worker was busy from the run's start (its first class's setUpClass) to its last test's end.
    const runStart = Math.min(...results.tests.flatMap((t) => (t.start === undefined ? [] : [t.start])));
    const byWorker = new Map<string, { end: number; cost: number }>();
    for (const test of results.tests) {
      if (test.fixture || test.start === undefined || test.end === undefined) continue;
      const worker = byWorker.get(test.worker ?? '') ?? { end: 0, cost: 0 };
      byWorker.set(test.worker ?? '', { end: Math.max(worker.end, test.end), cost: worker.cost + (costs.get(test.id) ?? 0) });
    }
    expect(byWorker.size).toBe(2);
    for (const worker of byWorker.values()) expect(worker.cost).toBeCloseTo((worker.end - runStart) / 1000, 3);
    // Durations alone missed what the classes' setup took: 241 s of 281 s on this run.
    const sum = (map: Map<string, number>) => [...map.values()].reduce((total, seconds) => total + seconds, 0);
    expect(sum(costs)).toBeGreaterThan(sum(durations) * 1.1);
  });

  it('gives no estimate when the earlier run timed none of the selected tests', () => {
    expect(TimeLeft.of(['tempest.api.x.X.test_x'], new Map([['tempest.api.y.Y.test_y', 3]]), 2)).toBeUndefined();
  });

  it("follows this run's pace once a tenth of the work is done, on a run slower than the earlier one", async () => {
    // The same real run replayed as if the machine were 1.35 times slower (the gap seen on a
    // loaded machine): the earlier durations alone would say 26 % too little.
    const results = await readResults(stream);
    const costs = costsOf(results);
    const slower = 1.35;
    const timed = results.tests.filter((t) => !t.fixture && t.start !== undefined && t.end !== undefined).sort((a, b) => (a.end ?? 0) - (b.end ?? 0));
    const runStart = Math.min(...timed.map((t) => t.start ?? 0));
    const runEnd = timed.at(-1)?.end ?? 0;
    const left = TimeLeft.of(timed.map((t) => t.id), costs, 2);
    if (!left) throw new Error('no estimate');
    expect(left.secondsAt(0)).toBe(left.seconds);
    // At every test's end past the first tenth: how far each estimate is from what was really left.
    let plainError = 0;
    let pacedError = 0;
    let points = 0;
    timed.forEach((test, index) => {
      left.done(test.id);
      if (index < timed.length / 10 || index === timed.length - 1) return;
      const now = test.end ?? 0;
      const actuallyLeft = ((runEnd - now) / 1000) * slower;
      plainError += Math.abs(left.seconds - actuallyLeft);
      pacedError += Math.abs(left.secondsAt(((now - runStart) / 1000) * slower) - actuallyLeft);
      points += 1;
    });
    // Seen: 36.5 s off on average from the earlier durations alone, 24.6 s at this run's pace (the
    // rest is the tail, where one worker still runs while the other has finished).
    expect(points).toBeGreaterThan(50);
    expect(pacedError).toBeLessThan(plainError * 0.75);
  });
});
