// Damage is a result: bytes of a stream that are not subunit are recorded with their offset and
// size, a test whose packet was damaged is `damaged` (never dropped, never passed), and the
// verdict fails on any damage.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../../harness/compare/compare-runs.ts';
import { collectStream, damageTotals, reportableTests, totalsOf } from '../../../harness/results/collect.ts';
import { failedIds } from '../../../harness/results/retries.ts';
import type { RunResults } from '../../../harness/results/model.ts';
import { renderHtmlReport } from '../../../harness/report/html.ts';
import { renderJunit } from '../../../harness/report/junit.ts';
import { renderSummary } from '../../../harness/report/summary.ts';
import type { SubunitEvent } from '../../../harness/subunit/packet.ts';
import { judge } from '../../../harness/verdict/verdict.ts';
import { encodePacket } from '../../support/subunit-encoder.ts';
import { eventsOf } from '../../support/subunit-events.ts';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'subunit');
const full = gunzipSync(readFileSync(join(fixtures, 'distro-full.subunit.gz')));
const servers = readFileSync(join(fixtures, 'compute-servers.subunit'));
// A real gate's copied stream (test/fixtures/report-folder/NOTES.md): a failure with captured logging.
const gateCopy = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'report-folder', 'tempest.subunit'));

async function collect(bytes: Buffer): Promise<RunResults> {
  return collectStream((async function* () {
    yield bytes;
  })());
}

function votingVerdict(results: RunResults) {
  const tests = reportableTests(results.tests);
  return judge({ selected: tests.map((t) => t.id), results: tests, knownFailures: [], stackUp: true, voting: true, threshold: 0, damage: damageTotals(results) });
}

/** The first packet that ends a failing test, and the stream with one bit of its CRC flipped. */
function flipInFailPacket(bytes: Buffer): { packet: SubunitEvent; damaged: Buffer } {
  const packet = eventsOf(bytes).find((p) => p.status === 'fail') as SubunitEvent;
  const damaged = Buffer.from(bytes);
  damaged[packet.offset + packet.length - 1] = (damaged[packet.offset + packet.length - 1] as number) ^ 0x01;
  return { packet, damaged };
}

describe('damaged streams (issue 20, Found 2)', () => {
  it('Found 2: a flipped bit in a failing test\'s last packet makes it damaged, not vanished, with the stretch\'s offset and size', async () => {
    const { packet, damaged } = flipInFailPacket(full);
    const intact = await collect(full);
    const results = await collect(damaged);
    const test = results.tests.find((t) => t.id === packet.testId);
    expect(test?.status).toBe('damaged');
    expect(results.damage).toEqual([{ offset: packet.offset, size: packet.length, testIds: [packet.testId] }]);
    const before = totalsOf(reportableTests(intact.tests));
    const after = totalsOf(reportableTests(results.tests));
    expect(after).toEqual({ ...before, failed: before.failed - 1, damaged: 1 });
  });

  it('Found 2: a stray byte between packets is damage, and a voting verdict fails on it even with every test passing', async () => {
    const pass = encodePacket({ testId: 'tempest.api.T.test_a', status: 3 });
    const stray = Buffer.concat([pass, Buffer.from([0x0a]), encodePacket({ testId: 'tempest.api.T.test_b', status: 3 })]);
    const results = await collect(stray);
    expect(totalsOf(results.tests)).toMatchObject({ passed: 2, failed: 0 });
    expect(results.damage).toEqual([{ offset: pass.length, size: 1, testIds: [] }]);
    const verdict = votingVerdict(results);
    expect(verdict.passed).toBe(false);
    expect(verdict.exitCode).toBe(1);
    expect(verdict.reasons.join()).toContain('damaged');
    const nonVoting = judge({ selected: ['tempest.api.T.test_a', 'tempest.api.T.test_b'], results: results.tests, knownFailures: [], stackUp: true, voting: false, damage: damageTotals(results) });
    expect(nonVoting).toMatchObject({ passed: false, exitCode: 0 });
  });

  it('Found 2: the skipped bytes are shown in junit.xml, summary.md and index.html with their offset and size', async () => {
    const { packet, damaged } = flipInFailPacket(servers.length && eventsOf(servers).some((p) => p.status === 'fail') ? servers : full);
    const results = await collect(damaged);
    const where = `${packet.length} byte(s) at offset ${packet.offset}`;
    const junit = renderJunit(results);
    expect(junit).toContain('classname="subunit.damage"');
    expect(junit).toContain(where);
    expect(junit).toMatch(/<testsuite name="tempest"[^>]* errors="[1-9]/);
    expect(renderSummary(results)).toContain(where);
    expect(renderHtmlReport(results, { title: 't' })).toContain(where);
  });

  it('keeps one stretch for a long run handed on in parts, and the first 100 stretches of many, counting all', async () => {
    const pass = encodePacket({ testId: 'tempest.api.T.test_a', status: 3 });
    const long = await collect(Buffer.concat([pass, Buffer.alloc(300_000, 0x0a), pass]));
    expect(long.damage).toEqual([{ offset: pass.length, size: 300_000, testIds: [] }]);
    const many = await collect(Buffer.concat(Array.from({ length: 150 }, () => Buffer.concat([pass, Buffer.from('x')]))));
    expect(many.damageCount).toBe(150);
    expect(many.damage).toHaveLength(100);
    expect(many.damage?.every((stretch) => stretch.size === 1)).toBe(true);
  });

  it('a damaged test is a new failure against a baseline where it passed, and is retried', async () => {
    const { packet, damaged } = flipInFailPacket(full);
    const results = await collect(damaged);
    const baseline = [{ id: packet.testId as string, status: 'success' as const }];
    expect(compareRuns(baseline, results.tests.filter((t) => t.id === packet.testId)).newFailures).toEqual([packet.testId]);
    expect(failedIds(results)).toContain(packet.testId);
  });

  // python-subunit's subunit2junitxml (Debian: subunit, python3-junitxml; .ci/run installs them).
  it('Found 2: where python-subunit reports a parse failure on the same bytes, ours reports the damage', async () => {
    const { damaged } = flipInFailPacket(full);
    const file = join(mkdtempSync(join(tmpdir(), 'damage-')), 'damaged.subunit');
    writeFileSync(file, damaged);
    const theirs = spawnSync('sh', ['-c', `subunit2junitxml < ${file}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(theirs.stdout).toContain('classname="subunit" name="parser"');
    expect((await collect(damaged)).damageCount).toBe(1);
  });
});

describe('fuzzed streams: mutations of the real fixtures', () => {
  // Seeded, so a failure is reproducible; thousands of mutations per run.
  let seed = 20;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pick = (n: number) => Math.floor(random() * n);

  // 2,000 mutations per run over three real streams.
  it.each([
    ['compute-servers', servers, 1200],
    ['distro-full', full, 200],
    ['a gate report folder\'s copy', gateCopy, 600],
  ] as const)('%s: never more passes than the intact stream, and never a green voting verdict once damaged', async (_name, original, rounds) => {
    const intact = totalsOf(reportableTests((await collect(original)).tests));
    const boundaries = new Set(eventsOf(original).map((p) => p.offset));
    for (let round = 0; round < rounds; round++) {
      const at = pick(original.length);
      const kind = round % 4;
      const mutated =
        kind === 0 ? Buffer.from(original).fill((original[at] as number) ^ (1 << pick(8)), at, at + 1)
          : kind === 1 ? Buffer.concat([original.subarray(0, at), Buffer.from([pick(256)]), original.subarray(at)])
            : kind === 2 ? Buffer.concat([original.subarray(0, at), original.subarray(at + 1 + pick(64))])
              : original.subarray(0, at);
      const results = await collect(mutated);
      const totals = totalsOf(reportableTests(results.tests));
      expect(totals.passed).toBeLessThanOrEqual(intact.passed);
      // A flipped bit, an inserted byte, a cut inside a packet: each is always seen.
      const alwaysSeen = kind === 0 || kind === 1 || (kind === 3 && !boundaries.has(at));
      if (alwaysSeen) expect(results.damageCount, `round ${round}, kind ${kind}, at ${at}`).toBeGreaterThan(0);
      if ((results.damageCount ?? 0) > 0) expect(votingVerdict(results).passed).toBe(false);
    }
  }, 60_000);
});
