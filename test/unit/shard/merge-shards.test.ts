import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { mergeResults } from '../../harness/commands/merge.ts';
import { collectResults, reportableTests, totalsOf } from '../../harness/results/collect.ts';
import { parseSubunit } from '../../harness/subunit/parse-stream.ts';
import { assignShards } from '../../harness/shard/partition.ts';
import { splitTestId } from '../../harness/results/test-id.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'subunit');

describe('mergeResults', () => {
  it("gives totals equal to the shards' sum when the shards are disjoint (a real run split in two)", async () => {
    const full = await collectResults(parseSubunit(createReadStream(join(fixtures, 'distro-full.subunit.gz')).pipe(createGunzip())));
    // As real shards run: a class's tests, and so its setUpClass, all land in one shard.
    const classes = [...new Set(full.tests.map((t) => splitTestId(t.id).className))];
    const [one = new Set<string>(), two = new Set<string>()] = assignShards(classes, 2).map((ids) => new Set(ids));
    const shard = (names: Set<string>) => ({ ...full, tests: full.tests.filter((t) => names.has(splitTestId(t.id).className)) });
    const merged = mergeResults([shard(one), shard(two)]);
    const a = totalsOf(reportableTests(shard(one).tests));
    const b = totalsOf(reportableTests(shard(two).tests));
    const total = totalsOf(reportableTests(merged.tests));
    expect(total).toEqual({ total: a.total + b.total, passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped, crashed: 0, notRun: 0 });
    expect(total).toEqual(totalsOf(reportableTests(full.tests)));
  });
});
