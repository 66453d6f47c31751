import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../harness/errors.ts';
import { PROJECT_ROOT } from '../../../harness/project-root.ts';
import { parseFilterText } from '../../../harness/selection/filter-list.ts';
import { parseKnownFailures } from '../../../harness/selection/known-failures.ts';
import { selectTests } from '../../../harness/selection/select-tests.ts';

const ids = readFileSync(join(PROJECT_ROOT, 'tempest-filters', 'tempest-33-test-ids.txt'), 'utf8').trim().split('\n');

describe('stestr list files', () => {
  it('cuts at the first #, trims, skips blank lines, and names file and line in errors', () => {
    const list = parseFilterText('# comment\n\n  ^a\\.b  # why\n', 'inc.txt');
    expect(list.rules.map((r) => [r.source, r.comment, r.where])).toEqual([['^a\\.b', 'why', 'inc.txt:3']].concat([]));
    // stestr cuts even inside a set: `[#x]` leaves `[`, which Python rejects too.
    expect(() => parseFilterText('[#x]\n', 'inc.txt')).toThrow(/inc\.txt:1: .*unterminated/);
  });

  it('refuses a regex JavaScript would read differently, with file:line', () => {
    expect(() => parseFilterText('ok\n(?>atomic)\n', 'ex.txt')).toThrow(UsageError);
    expect(() => parseFilterText('ok\n(?>atomic)\n', 'ex.txt')).toThrow(/^ex\.txt:2: regex '\(\?>atomic\)': atomic groups/);
  });
});

describe('selectTests', () => {
  it('selects everything when no include regex is given, and says so', () => {
    const selection = selectTests(ids, { include: [], exclude: [] });
    expect(selection.selected).toHaveLength(1646);
    expect(selection.includesEverything).toBe(true);
  });

  it("ORs include regexes and removes excludes after, on Tempest 33's real ids", () => {
    const include = [parseFilterText('^tempest\\.api\\.identity\\.v3\\.\n^tempest\\.api\\.image\\.v2\\.\n', 'inc')];
    const exclude = [parseFilterText('negative\n', 'exc')];
    const selection = selectTests(ids, { include, exclude });
    expect(selection.selected.length).toBeGreaterThan(50);
    expect(selection.selected.every((id) => /^tempest\.api\.(identity\.v3|image\.v2)\./.test(id) && !id.includes('negative'))).toBe(true);
    expect([...selection.excludedBy.values()].every((rule) => rule.source === 'negative')).toBe(true);
    const expected = ids.filter((id) => (id.startsWith('tempest.api.identity.v3.') || id.startsWith('tempest.api.image.v2.')) && !id.includes('negative'));
    expect(selection.selected).toEqual(expected);
  });

  it("selects 837 tests with the distro-zed profile's lists, as `tempest run --list-tests` did in its container", () => {
    const include = [parseFilterText(readFileSync(join(PROJECT_ROOT, 'tempest-filters/distro-zed/include.txt'), 'utf8'), 'include.txt')];
    const exclude = [parseFilterText(readFileSync(join(PROJECT_ROOT, 'tempest-filters/distro-zed/exclude.txt'), 'utf8'), 'exclude.txt')];
    expect(selectTests(ids, { include, exclude }).selected).toHaveLength(837);
  });
});

describe('known failures', () => {
  it('needs a reason and keeps the link', () => {
    expect(parseKnownFailures('test_x  # the fake driver has no uptime | https://bugs.example/1\n', 'kf')).toMatchObject([{ source: 'test_x', reason: 'the fake driver has no uptime', link: 'https://bugs.example/1', where: 'kf:1' }]);
    expect(() => parseKnownFailures('test_x\n', 'kf')).toThrow(/kf:1: known failure 'test_x' has no reason/);
  });
});
