import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../harness/errors.ts';
import { findProfile } from '../../../harness/plan/profiles.ts';
import { PROJECT_ROOT } from '../../../harness/project-root.ts';
import { fillCosts, formatCostsFile, loadShippedCosts, parseCostsFile } from '../../../harness/selection/costs-file.ts';
import { parseTestIdList } from '../../../harness/selection/test-id-list.ts';
import { stestrKey } from '../../../harness/selection/time-breakdown.ts';

const A = 'tempest.api.compute.servers.test_a.ServersTest.test_one';
const B = 'tempest.api.identity.test_b.TokensTest.test_two';

describe('parseCostsFile', () => {
  it('reads "test_id seconds" lines, leaving out blank lines and # comments', () => {
    expect(parseCostsFile(`# made from a run\n${A} 12.500\n\n  ${B}   0.25  \n`, 'timings.txt')).toEqual(new Map([[A, 12.5], [B, 0.25]]));
  });

  it.each([
    ['no seconds', A],
    ['seconds not a number', `${A} 1,5`],
    ['negative seconds', `${A} -1`],
    ['a third field', `${A} 1.0 2.0`],
    ['not a test id', 'tempest api 1.0'],
  ])('refuses a malformed line (%s), naming the file and the line', (_case, line) => {
    const parse = () => parseCostsFile(`# header\n${B} 1.0\n${line}\n`, 'tempest-filters/distro/timings.txt');
    expect(parse).toThrow(UsageError);
    expect(parse).toThrow(/^tempest-filters\/distro\/timings\.txt:3: .* is not "TEST_ID SECONDS"/);
  });

  it('refuses an id listed twice, naming the second line', () => {
    expect(() => parseCostsFile(`${A} 1\n${B} 2\n${A} 3\n`, 'f.txt')).toThrow(`f.txt:3: ${A} is listed twice`);
  });

  it('reads back what formatCostsFile wrote, in id order', () => {
    const text = formatCostsFile(new Map([[B, 0.25], [A, 12.5]]));
    expect(text).toBe(`${A} 12.500\n${B} 0.250\n`);
    expect(parseCostsFile(text, 'f.txt')).toEqual(new Map([[A, 12.5], [B, 0.25]]));
  });
});

describe('fillCosts', () => {
  it("keeps the first run's costs and adds the other's other tests at the first one's pace", () => {
    const C = 'tempest.api.network.test_c.NetworksTest.test_three';
    // The other run took 4 times as long over the tests both ran (A and B: 10 s against 40 s).
    const filled = fillCosts(new Map([[A, 8], [B, 2]]), new Map([[A, 30], [B, 10], [C, 20]]));
    expect(filled).toEqual(new Map([[A, 8], [B, 2], [C, 5]]));
  });
});

describe('the shipped costs', () => {
  const shipped = readdirSync(join(PROJECT_ROOT, 'tempest-filters'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(PROJECT_ROOT, 'tempest-filters', entry.name, 'timings.txt')))
    .map((entry) => entry.name);

  it('are shipped for the distro profile', () => {
    expect(shipped).toContain('distro');
  });

  it.each(shipped)('%s/timings.txt parses, and names tests of the profile\'s Tempest as stestr keys them', (name) => {
    const profile = findProfile(name);
    const costs = loadShippedCosts(profile.filtersDir)?.costs;
    expect(costs?.size).toBeGreaterThan(0);
    const tempest = profile.kind.knownTempest(profile.release);
    if (!tempest) return;
    const keys = new Set(parseTestIdList(readFileSync(tempest.testIdsPath, 'utf8')).map(stestrKey));
    expect([...(costs?.keys() ?? [])].filter((id) => !keys.has(id))).toEqual([]);
  });
});
