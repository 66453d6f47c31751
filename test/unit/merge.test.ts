import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { mergeResults } from '../../harness/commands/merge.ts';
import { collectResults, reportableTests, totalsOf } from '../../harness/results/collect.ts';
import { parseSubunit } from '../../harness/subunit/parse-stream.ts';
import { assignShards } from '../../harness/shard/partition.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'subunit');

describe('mergeResults', () => {
  it("gives totals equal to the shards' sum when the shards are disjoint (a real run split in two)", async () => {
    const full = await collectResults(parseSubunit(createReadStream(join(fixtures, 'distro-full.subunit.gz')).pipe(createGunzip())));
    const [one = [], two = []] = assignShards(full.tests.map((t) => t.id), 2).map((ids) => new Set(ids));
    const shard = (ids: Set<string>) => ({ ...full, tests: full.tests.filter((t) => ids.has(t.id)) });
    const merged = mergeResults([shard(one), shard(two)]);
    const a = totalsOf(reportableTests(shard(one).tests));
    const b = totalsOf(reportableTests(shard(two).tests));
    const total = totalsOf(reportableTests(merged.tests));
    expect(total).toEqual({ total: a.total + b.total, passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped, crashed: 0, notRun: 0 });
    expect(total).toEqual(totalsOf(reportableTests(full.tests)));
  });
});
