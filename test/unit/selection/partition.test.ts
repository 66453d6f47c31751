import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { collectResults } from '../../../harness/results/collect.ts';
import { timingsOf } from '../../../harness/selection/timings.ts';
import { parseSubunit } from '../../../harness/subunit/parse-stream.ts';
import { PROJECT_ROOT } from '../../../harness/project-root.ts';
import { assignShards, exactIdList, parseShardSpec, partitionTests } from '../../../harness/selection/partition.ts';

const ids = readFileSync(join(PROJECT_ROOT, 'tempest-filters', 'tempest-33-test-ids.txt'), 'utf8').trim().split('\n');

describe('shards', () => {
  it.each([1, 2, 3, 4, 8])('split Tempest 33 into %i disjoint parts whose union is the selection', (count) => {
    const shards = Array.from({ length: count }, (_, i) => partitionTests(ids, { index: i + 1, count }));
    const all = shards.flat();
    expect(all).toHaveLength(ids.length);
    expect(new Set(all).size).toBe(ids.length);
    expect(shards.every((shard) => shard.length > 0)).toBe(true);
  });

  it('keep a test in its shard when other tests are added', () => {
    const before = assignShards(ids.slice(0, 1000), 4);
    const after = assignShards(ids, 4);
    before.forEach((shard, i) => expect(shard.every((id) => after[i]?.includes(id))).toBe(true));
  });

  it('balance by earlier timings within 10 % of the ideal', () => {
    // Durations shaped like a real run's: most tests short, a few long (a seeded spread).
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const timings = new Map(ids.map((id) => [id, random() < 0.05 ? 20 + random() * 60 : random() * 3]));
    for (const count of [2, 3, 4, 8]) {
      const shards = assignShards(ids, count, timings);
      const loads = shards.map((shard) => shard.reduce((sum, id) => sum + (timings.get(id) ?? 0), 0));
      const ideal = loads.reduce((a, b) => a + b, 0) / count;
      for (const load of loads) expect(Math.abs(load - ideal) / ideal).toBeLessThan(0.1);
      expect(new Set(shards.flat()).size).toBe(ids.length);
    }
  });

  it("balance by a real run's timings within 10 % of the ideal, every executed test in exactly one shard", async () => {
    const run = await collectResults(parseSubunit(createReadStream(join(PROJECT_ROOT, 'test', 'fixtures', 'subunit', 'distro-full.subunit.gz')).pipe(createGunzip())));
    const timings = timingsOf(run);
    const executed = [...timings.keys()];
    expect(executed.length).toBeGreaterThan(500);
    for (const count of [2, 3, 4]) {
      const shards = assignShards(executed, count, timings);
      const loads = shards.map((shard) => shard.reduce((sum, id) => sum + (timings.get(id) ?? 0), 0));
      const ideal = loads.reduce((a, b) => a + b, 0) / count;
      for (const load of loads) expect(Math.abs(load - ideal) / ideal, `${count} shards: ${loads.map((l) => l.toFixed(0)).join(' / ')} s`).toBeLessThan(0.1);
      expect(shards.flat().sort()).toEqual([...executed].sort());
    }
    // Without timings the same split is far from even: that is what --timings is for.
    const byHash = assignShards(executed, 4).map((shard) => shard.reduce((sum, id) => sum + (timings.get(id) ?? 0), 0));
    expect(Math.max(...byHash) / Math.min(...byHash)).toBeGreaterThan(1.1);
  });

  it('parse I/N and refuse nonsense', () => {
    expect(parseShardSpec('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', 'x', '1/2/3']) expect(() => parseShardSpec(bad)).toThrow(/--shard/);
  });

  it('name exactly their ids in stestr list form', () => {
    const id = 'tempest.api.a.T.test_x[id-1,smoke]';
    const regex = new RegExp(exactIdList([id]).trim());
    expect(regex.test(id)).toBe(true);
    expect(regex.test(`${id}2`)).toBe(false);
  });
});
