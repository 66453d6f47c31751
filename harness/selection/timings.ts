// The test durations of an earlier run, read from its report folder's subunit stream: what
// `--timings` balances shards with.
import { join } from 'node:path';
import { readResults } from '../results/read-results.ts';
import type { RunResults } from '../results/model.ts';
import { partitionTests, type ShardSpec } from './partition.ts';

/** `reportFolder` as resolveReportFolder checked it. */
export async function loadTimings(reportFolder: string): Promise<Map<string, number>> {
  return timingsOf(await readResults(join(reportFolder, 'tempest.subunit')));
}

/**
 * What a run spent per test id: its duration plus the wait before it on its worker since that
 * worker's previous test ended. The wait is where a class's setUpClass ran (Tempest makes the
 * servers a class shares there), which a stream does not report when it passes; so the sum over a
 * worker is the time it was busy, what an estimate of the time left needs (and stestr's scheduler,
 * which hands out the costliest classes first). A worker's first test counts the time from the run's
 * start: its class's setUpClass.
 */
export function costsOf(results: RunResults): Map<string, number> {
  const byWorker = new Map<string, { id: string; start: number; end: number }[]>();
  // A worker's first test costs the time from the run's start too: its class's setUpClass.
  let first = Number.POSITIVE_INFINITY;
  for (const test of results.tests) {
    if (test.start === undefined || test.end === undefined) continue;
    first = Math.min(first, test.start);
    if (test.fixture) continue;
    const worker = test.worker ?? '';
    const list = byWorker.get(worker) ?? [];
    list.push({ id: test.id, start: test.start, end: test.end });
    byWorker.set(worker, list);
  }
  const costs = new Map<string, number>();
  for (const tests of byWorker.values()) {
    tests.sort((a, b) => a.start - b.start);
    let previousEnd = first;
    for (const test of tests) {
      costs.set(test.id, Math.max(0, test.end - Math.min(previousEnd, test.start)) / 1000);
      previousEnd = Math.max(previousEnd, test.end);
    }
  }
  return costs;
}

/** Seconds per test id; class fixtures and tests without both timestamps have none. */
export function timingsOf(results: RunResults): Map<string, number> {
  const timings = new Map<string, number>();
  for (const test of results.tests) {
    if (test.fixture || test.start === undefined || test.end === undefined) continue;
    timings.set(test.id, Math.max(0, test.end - test.start) / 1000);
  }
  return timings;
}

/** The selection's part for one shard, balanced by an earlier run's timings when a folder is given. */
export async function testsOfShard(selected: readonly string[], shard: ShardSpec, timingsFolder: string | undefined): Promise<string[]> {
  return partitionTests(selected, shard, timingsFolder === undefined ? undefined : await loadTimings(timingsFolder));
}
