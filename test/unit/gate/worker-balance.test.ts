import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseCostSource, loadTestCosts } from '../../../harness/gate/worker-balance.ts';
import { readResults } from '../../../harness/results/read-results.ts';
import { schedulingCosts } from '../../../harness/selection/time-breakdown.ts';

// A real run's report folder (test/fixtures/report-folder/NOTES.md says how it was made).
const REAL_RUN = join(import.meta.dirname, '..', '..', 'fixtures', 'report-folder');
const shipped = { path: 'tempest-filters/distro/timings.txt', costs: new Map([['tempest.api.a.A.test_a', 3]]) };

describe('chooseCostSource', () => {
  it.each([
    ['--timings, over an earlier run and the shipped costs', { timingsDir: '/r/given', earlierRunDir: '/r/newest', shipped }, { from: 'timings', dir: '/r/given' }],
    ['the newest earlier run, over the shipped costs', { timingsDir: undefined, earlierRunDir: '/r/newest', shipped }, { from: 'earlier run', dir: '/r/newest' }],
    ['the shipped costs, with no earlier run', { timingsDir: undefined, earlierRunDir: undefined, shipped }, { from: 'shipped', ...shipped }],
    ['nothing, for a profile that ships none', { timingsDir: undefined, earlierRunDir: undefined, shipped: undefined }, { from: 'none' }],
  ])('%s', (_case, candidates, source) => {
    expect(chooseCostSource(candidates)).toEqual(source);
  });
});

describe('loadTestCosts', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'dockenstack-balance-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("balances by a run's costs as stestr keys them, and estimates the time left from them", async () => {
    const costs = await loadTestCosts({ from: 'earlier run', dir: REAL_RUN }, true);
    const expected = schedulingCosts(await readResults(join(REAL_RUN, 'tempest.subunit')));
    expect(expected.size).toBeGreaterThan(0);
    expect(costs.scheduling).toEqual(expected);
    expect(costs.earlier?.dir).toBe(REAL_RUN);
    expect(costs.earlier?.timings.size).toBeGreaterThan(0);
    expect(costs.note).toBe(`workers balanced by the test costs of ${REAL_RUN}, the newest earlier run of the profile (--timings names another)`);
  });

  it('balances by the shipped costs, naming their file', async () => {
    const costs = await loadTestCosts({ from: 'shipped', ...shipped }, true);
    expect(costs.scheduling).toBe(shipped.costs);
    expect(costs.earlier).toBeUndefined();
    expect(costs.note).toContain('tempest-filters/distro/timings.txt');
  });

  it('falls back to unbalanced, in one note, when the run\'s stream is damaged', async () => {
    const run = join(scratch, 'damaged');
    mkdirSync(run);
    const stream = readFileSync(join(REAL_RUN, 'tempest.subunit'));
    const middle = Math.floor(stream.length / 2);
    writeFileSync(join(run, 'tempest.subunit'), Buffer.concat([stream.subarray(0, middle), Buffer.from('\n<<not subunit>>\n'), stream.subarray(middle)]));
    const costs = await loadTestCosts({ from: 'timings', dir: run }, true);
    expect(costs).toMatchObject({ scheduling: undefined, earlier: undefined });
    expect(costs.note).toMatch(/^workers not balanced: .*damaged\/tempest\.subunit is damaged \(\d+ stretch\(es\) not subunit\)$/);
  });

  it("falls back to unbalanced, in one note, when the run's stream cannot be read", async () => {
    const run = join(scratch, 'unreadable');
    mkdirSync(join(run, 'tempest.subunit'), { recursive: true });
    const costs = await loadTestCosts({ from: 'earlier run', dir: run }, true);
    expect(costs).toMatchObject({ scheduling: undefined, earlier: undefined });
    expect(costs.note).toMatch(/^workers not balanced: .*unreadable\/tempest\.subunit cannot be read \(.*is not a file\)$/);
  });

  it("gives a stack whose Tempest takes no costs none to balance by, but a run's estimate still", async () => {
    const run = join(scratch, 'copy');
    mkdirSync(run);
    copyFileSync(join(REAL_RUN, 'tempest.subunit'), join(run, 'tempest.subunit'));
    const costs = await loadTestCosts({ from: 'earlier run', dir: run }, false);
    expect(costs.scheduling).toBeUndefined();
    expect(costs.earlier?.dir).toBe(run);
    expect(costs.note).toBe("workers not balanced: this stack's Tempest command takes no test costs");
    expect((await loadTestCosts({ from: 'shipped', ...shipped }, false)).scheduling).toBeUndefined();
  });
});
