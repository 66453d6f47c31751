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
