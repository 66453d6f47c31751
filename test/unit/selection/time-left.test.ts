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
});
