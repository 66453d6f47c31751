import { copyFileSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { mergeResults, mergeShardReports } from '../../../harness/fleet/merge-shards.ts';
import { collectResults, reportableTests, totalsOf } from '../../../harness/results/collect.ts';
import type { RunResults } from '../../../harness/results/model.ts';
import { parseSubunit } from '../../../harness/subunit/parse-stream.ts';
import { assignShards } from '../../../harness/selection/partition.ts';
import { splitTestId } from '../../../harness/results/test-id.ts';
import { readResults } from '../../../harness/results/read-results.ts';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'subunit');
const realRun = () => createReadStream(join(fixtures, 'distro-full.subunit.gz')).pipe(createGunzip());

let full: RunResults;
let classShards: Set<string>[];

beforeAll(async () => {
  full = await collectResults(parseSubunit(realRun()));
  // As real shards run: a class's tests, and so its setUpClass, all land in one shard.
  const classes = [...new Set(full.tests.map((t) => splitTestId(t.id).className))];
  classShards = assignShards(classes, 2).map((ids) => new Set(ids));
});

describe('mergeResults', () => {
  it("gives totals equal to the shards' sum when the shards are disjoint (a real run split in two)", () => {
    const shard = (names: Set<string>) => ({ ...full, tests: full.tests.filter((t) => names.has(splitTestId(t.id).className)) });
    const [one = new Set<string>(), two = new Set<string>()] = classShards;
    const merged = mergeResults([shard(one), shard(two)]);
    const a = totalsOf(reportableTests(shard(one).tests));
    const b = totalsOf(reportableTests(shard(two).tests));
    const total = totalsOf(reportableTests(merged.tests));
    expect(total).toEqual({ total: a.total + b.total, passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped, crashed: 0, notRun: 0, damaged: 0 });
    expect(total).toEqual(totalsOf(reportableTests(full.tests)));
  });
});

describe('mergeShardReports', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'dockenstack-merge-'));

  const stream = gunzipSync(readFileSync(join(fixtures, 'distro-full.subunit.gz')));

  /** A shard's report folder: the real run's packets of its classes, as they were, and a manifest. */
  async function shardFolder(name: string, classes: Set<string>, stackStatus = 'passed', manifest: object = {}): Promise<string> {
    const folder = join(scratch, name);
    mkdirSync(folder, { recursive: true });
    const bytes: Buffer[] = [];
    for await (const packet of parseSubunit(Readable.from([stream]))) {
      if (packet.kind !== 'event' || packet.testId === undefined || !classes.has(splitTestId(packet.testId).className)) continue;
      bytes.push(stream.subarray(packet.offset, packet.offset + packet.length));
    }
    writeFileSync(join(folder, 'tempest.subunit'), Buffer.concat(bytes));
    const stages = ['image', 'boot', 'stack', 'verify', 'tempest'].map((stage) => ({ name: stage, status: stage === 'stack' ? stackStatus : 'passed' }));
    writeFileSync(join(folder, 'manifest.json'), JSON.stringify({ profile: 'distro', stages, verdict: { threshold: 0.9 }, ...manifest }));
    return folder;
  }

  it("writes one report whose totals are the shards' sum, and a stream that reads back the same", async () => {
    const [one = new Set<string>(), two = new Set<string>()] = classShards;
    const folders = [await shardFolder('one', one), await shardFolder('two', two)];
    const out = join(scratch, 'merged');
    const merged = await mergeShardReports(folders, out, { voting: true });
    expect(merged.totals).toEqual(totalsOf(reportableTests(full.tests)));
    expect(merged.shardsWithoutStack).toEqual([]);
    expect(totalsOf(reportableTests((await readResults(join(out, 'tempest.subunit'))).tests))).toEqual(merged.totals);
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(junit.match(/<testcase /g)?.length).toBe(merged.totals.total);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toMatchObject({ totals: merged.totals, verdict: { passed: true } });
  });

  it('compares the merged run, not each shard, with a baseline', async () => {
    const [one = new Set<string>(), two = new Set<string>()] = classShards;
    const folders = [await shardFolder('base-one', one), await shardFolder('base-two', two)];
    const baselineDir = join(scratch, 'baseline');
    await mergeShardReports(folders, baselineDir, { voting: true });
    const out = join(scratch, 'compared');
    const merged = await mergeShardReports(folders, out, { voting: true, baselineDir, onlyRegressions: true });
    expect(merged.verdict.passed).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { comparison: Record<string, string> };
    const failures = String(merged.totals.failed);
    expect(manifest.comparison).toMatchObject({ baseline: baselineDir, 'baseline.new_failures': '0', 'baseline.still_failing': failures, 'baseline.newly_not_run': '0' });
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain(baselineDir);
  });

  it('fails the verdict when a shard never got its stack up, even with every test it has passing', async () => {
    const [one = new Set<string>()] = classShards;
    const up = await shardFolder('up', one);
    const down = join(scratch, 'down');
    mkdirSync(down, { recursive: true });
    writeFileSync(join(down, 'manifest.json'), JSON.stringify({ profile: 'distro', stages: [{ name: 'image', status: 'passed' }, { name: 'stack', status: 'failed' }] }));
    const merged = await mergeShardReports([up, down], join(scratch, 'merged-down'), { voting: true });
    expect(merged.shardsWithoutStack).toEqual([down]);
    expect(merged.verdict).toMatchObject({ passed: false, exitCode: 1 });
    expect(merged.verdict.reasons).toContain('the stack never came up');
  });

  it("item 3: counts a shard's selected tests that never ran (its manifest names them) against the merged verdict, as the shard's own did", async () => {
    const [one = new Set<string>(), two = new Set<string>()] = classShards;
    const never = 'tempest.api.compute.servers.test_never.NeverTest.test_never[id-0]';
    const folders = [await shardFolder('ran-one', one), await shardFolder('ran-two', two, 'passed', { verdict: { threshold: 0.9, notRun: [never] } })];
    const out = join(scratch, 'merged-not-run');
    const merged = await mergeShardReports(folders, out, { voting: true });
    expect(merged.verdict.notRun).toEqual([never]);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('- 1 selected test(s) never ran');
  });

  it('item 3: fails the verdict when a shard of an I/N split has no folder among those merged (its CI job died before its report)', async () => {
    const [one = new Set<string>()] = classShards;
    const only = await shardFolder('only-one', one, 'passed', { selection: { selected: 400, shard: { index: 1, count: 2 } } });
    const merged = await mergeShardReports([only], join(scratch, 'merged-half'), { voting: true });
    expect(merged.verdict).toMatchObject({ passed: false, exitCode: 1 });
    expect(merged.verdict.reasons).toContain('shard 2 of 2 missing: no report folder was merged for it, so none of its tests ran here');
  });

  it('item 7: refuses overlapping shards (exit 2), naming a test id in both, unless told they are retries', async () => {
    const [one = new Set<string>(), two = new Set<string>()] = classShards;
    const first = await shardFolder('overlap-one', one);
    const again = await shardFolder('overlap-again', new Set([...one].slice(0, 1)));
    const error = await mergeShardReports([first, again], join(scratch, 'merged-overlap'), { voting: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 2 });
    const [, id] = /^DIR: (\S+) is in both /.exec((error as Error).message) ?? [];
    expect(id).toMatch(/^tempest\./);
    expect((error as Error).message).toContain(`is in both ${first} and ${again}: shards run disjoint tests`);
    expect(existsSync(join(scratch, 'merged-overlap'))).toBe(false);
    const retried = await mergeShardReports([first, again, await shardFolder('overlap-two', two)], join(scratch, 'merged-retries'), { voting: true, retries: true });
    expect(retried.totals.total).toBe(totalsOf(reportableTests(full.tests)).total);
  });

  it('item 7: refuses a folder without manifest.json', async () => {
    const [one = new Set<string>()] = classShards;
    const bare = join(scratch, 'bare');
    mkdirSync(bare, { recursive: true });
    copyFileSync(join(await shardFolder('with-manifest', one), 'tempest.subunit'), join(bare, 'tempest.subunit'));
    const error = await mergeShardReports([bare], join(scratch, 'merged-bare'), { voting: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 2, message: `DIR: ${bare} has no manifest.json: it is no report folder a gate, merge or report made` });
  });
});
