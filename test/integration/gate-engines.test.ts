// A real sharded run over two Docker engines on this machine: the default one and a second
// dockerd with its own socket and data root. One invocation runs the two shards of the distro CI
// selection at the same time, one on each engine, balanced by an earlier run's timings, and merges
// them into one report.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL_MANAGED } from '../../harness/engine/labels.ts';
import { readResults } from '../../harness/results/read-results.ts';
import { loadFilterList } from '../../harness/selection/filter-list.ts';
import { selectTests } from '../../harness/selection/select-tests.ts';
import { assignShards } from '../../harness/selection/partition.ts';
import { timingsOf } from '../../harness/selection/timings.ts';
import { runCli } from '../support/run-cli.ts';
import { SecondEngine } from './support/second-engine.ts';

const root = join(import.meta.dirname, '..', '..');
const reports = mkdtempSync(join(tmpdir(), 'dockenstack-engines-'));
const second = new SecondEngine();
const first = 'unix:///var/run/docker.sock';
const runId = `it-engines-${process.pid}`;
const CI_LIST = 'tempest-filters/distro/include-ci.txt';

/** The CI list's selection from Tempest 43's ids (the default profile's), as the gate makes it. */
function ciSelection(): string[] {
  const ids = readFileSync(join(root, 'tempest-filters', 'tempest-43-test-ids.txt'), 'utf8').split('\n').filter((line) => line.startsWith('tempest.'));
  const include = [loadFilterList(join(root, CI_LIST))];
  const exclude = [loadFilterList(join(root, 'tempest-filters', 'distro', 'exclude.txt'))];
  return [...selectTests(ids, { include, exclude, regexes: [] }).selected];
}

interface Manifest {
  engine?: string;
  totals: { total: number; passed: number; failed: number; skipped: number };
  selection?: { selected: number | null; shard: { index: number; count: number } | null };
}

beforeAll(async () => {
  await second.start();
});

afterAll(async () => {
  await second.stop();
});

describe('gate --engine A --engine B', () => {
  it("runs one shard on each engine at once and merges them into one report whose totals are the shards' sum", async () => {
    // Balanced by an earlier run's timings: a report folder holding the real full distro run.
    const earlier = mkdtempSync(join(tmpdir(), 'dockenstack-earlier-run-'));
    writeFileSync(join(earlier, 'tempest.subunit'), gunzipSync(readFileSync(join(root, 'test', 'fixtures', 'subunit', 'distro-full.subunit.gz'))));
    const { code, output } = await runCli(['gate', '--engine', first, '--engine', second.host, '--include-list', CI_LIST, '--timings', earlier, '--run-id', runId, '--reports', reports]);
    expect(code, output.slice(-4000)).toBe(0);
    // Both shards' output reached the console, each line marked with its shard.
    expect(output).toMatch(/^\[shard 1\/2\] .*tests selected \(shard 1\/2\)/m);
    expect(output).toMatch(/^\[shard 2\/2\] .*tests selected \(shard 2\/2\)/m);

    const run = join(reports, runId);
    const shardDirs = readdirSync(join(run, 'shards')).filter((name) => name.startsWith(`${runId}-shard`)).sort();
    expect(shardDirs).toEqual([`${runId}-shard1of2`, `${runId}-shard2of2`]);
    const shards = shardDirs.map((name) => JSON.parse(readFileSync(join(run, 'shards', name, 'manifest.json'), 'utf8')) as Manifest);
    expect(shards.map((m) => m.engine)).toEqual([first, second.host]);
    expect(shards.map((m) => m.selection?.shard)).toEqual([{ index: 1, count: 2 }, { index: 2, count: 2 }]);
    // Each shard got the part the timings give it (worked out here from the same inputs).
    const earlierRun = await readResults(join(earlier, 'tempest.subunit'));
    const expected = assignShards(ciSelection(), 2, timingsOf(earlierRun)).map((part) => part.length);
    expect(shards.map((m) => m.selection?.selected)).toEqual(expected);
    for (const shard of shards) expect(shard.totals.total).toBeGreaterThan(0);

    const merged = JSON.parse(readFileSync(join(run, 'manifest.json'), 'utf8')) as Manifest & { verdict: { passed: boolean } };
    const sum = (key: keyof Manifest['totals']) => shards.reduce((total, m) => total + m.totals[key], 0);
    expect(merged.totals).toMatchObject({ total: sum('total'), passed: sum('passed'), failed: sum('failed'), skipped: sum('skipped') });
    expect(merged.totals.total).toBe(shards.reduce((total, m) => total + (m.selection?.selected ?? 0), 0));
    expect(merged.verdict.passed).toBe(true);

    // The merged junit.xml holds every test once, and says so in its totals.
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(join(run, 'junit.xml'), 'utf8')) as { testsuites: { tests: string } };
    expect(Number(xml.testsuites.tests)).toBe(merged.totals.total);
    for (const file of ['summary.md', 'index.html', 'tempest.subunit']) expect(existsSync(join(run, file)), file).toBe(true);
    expect(output).toMatch(new RegExp(`2 shards merged: ${merged.totals.total} tests, ${merged.totals.passed} passed`));

    // Each shard cleaned up after itself on its own engine (the docker CLI, as a user would look).
    for (const host of [first, second.host]) {
      const left = spawnSync('docker', ['--host', host, 'ps', '--all', '--quiet', '--filter', `label=${LABEL_MANAGED}=true`, '--filter', `name=${runId}`], { encoding: 'utf8' });
      expect(left.status, left.stderr).toBe(0);
      expect(left.stdout.trim(), host).toBe('');
    }
  });
});
