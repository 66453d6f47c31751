import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compareRuns, comparisonProperties, renderComparison } from '../../../harness/compare/compare-runs.ts';
import { collectResults, reportableTests } from '../../../harness/results/collect.ts';
import { parseSubunit } from '../../../harness/subunit/parse-stream.ts';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'subunit');
const read = async (name: string) => {
  const source = createReadStream(join(fixtures, name));
  return reportableTests((await collectResults(parseSubunit(name.endsWith('.gz') ? source.pipe(createGunzip()) : source))).tests);
};

describe('compareRuns, on real streams', () => {
  it('finds what a later run fixed, and what broke when the order is reversed', async () => {
    const full = await read('distro-full.subunit.gz');
    const servers = await read('compute-servers.subunit');
    expect(full.filter((t) => t.status === 'fail')).toHaveLength(6);
    // The console-output test failed in the full run and passed in the smaller one.
    const consoleTest = full.find((t) => t.id.includes('test_get_console_output_with_unlimited_size'));
    expect(consoleTest?.status).toBe('fail');
    const later = compareRuns(full, servers);
    expect(later.fixed).toEqual([consoleTest?.id]);
    expect(later.newFailures).toEqual([]);
    const earlier = compareRuns(servers, full);
    // A failing test the baseline did not have counts as new too: a regression gate must see it.
    expect(earlier.newFailures).toContain(consoleTest?.id);
    expect([...earlier.newFailures].sort()).toEqual(full.filter((t) => t.status === 'fail').map((t) => t.id).sort());
    expect(earlier.fixed).toEqual([]);
    expect(earlier.stillFailing).toEqual([]);
    expect(renderComparison(earlier, 'reports/base')).toMatch(/\| New failures \| 6 \|[\s\S]*### New failures/);
  });

  it('item 6: says what the baseline ran that this run lacks, and calls out the failures among them', async () => {
    const full = await read('distro-full.subunit.gz');
    const servers = await read('compute-servers.subunit');
    const comparison = compareRuns(full, servers);
    const now = new Set(servers.map((t) => t.id));
    const missing = full.filter((t) => !now.has(t.id));
    expect(missing.length).toBeGreaterThan(700);
    expect(comparison.missing).toEqual(missing.map((t) => t.id));
    // Five of the baseline's six failures are not in the smaller run: vanished, not fixed.
    expect(comparison.missingFailures).toEqual(missing.filter((t) => t.status === 'fail').map((t) => t.id));
    expect(comparison.missingFailures).toHaveLength(5);
    const text = renderComparison(comparison, 'reports/full');
    expect(text).toContain(`| Missing from this run | ${missing.length} |`);
    expect(text).toContain('| … of them failed in the baseline | 5 |');
    expect(text.indexOf('### Missing from this run, failed in the baseline (5)')).toBeLessThan(text.indexOf(`### Missing from this run (${missing.length - 5})`));
    for (const id of comparison.missingFailures) expect(text).toContain(`- \`${id}\``);
    expect(comparisonProperties(comparison)).toMatchObject({ 'baseline.missing': String(missing.length), 'baseline.missing_failures': '5' });
  });

  it('reports newly skipped and newly not-run tests', () => {
    const base = [{ id: 'a', status: 'success' as const }, { id: 'b', status: 'success' as const }, { id: 'c', status: 'fail' as const }];
    const now = [{ id: 'a', status: 'skip' as const }, { id: 'b', status: 'notrun' as const }, { id: 'c', status: 'fail' as const }];
    expect(compareRuns(base, now)).toEqual({ newFailures: [], fixed: [], stillFailing: ['c'], newlySkipped: ['a'], newlyNotRun: ['b'], missing: [], missingFailures: [] });
  });
});
