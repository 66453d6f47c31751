// Issue 15 item 5: `select` and `gate` select through one code path: over every combination of
// the selection options, `select` prints exactly the tests the gate's plan selects.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { selectCommand } from '../../../harness/commands/select.ts';
import { buildGatePlan, readTestIdsFixture } from '../../../harness/plan/gate-plan.ts';
import { selectTests } from '../../../harness/selection/select-tests.ts';
import { gateOptions } from '../../support/gate-options.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const idsFile = join(root, 'tempest-filters', 'tempest-33-test-ids.txt');
const ids = readTestIdsFixture(idsFile) ?? [];
const scratch = mkdtempSync(join(tmpdir(), 'dockenstack-selection-'));
const excludeFile = join(scratch, 'exclude.txt');
writeFileSync(excludeFile, 'test_list_servers  # a regex of our own\n');


async function selectPrints(args: string[]): Promise<string[]> {
  const out: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    await selectCommand().parseAsync(args, { from: 'user' });
  } finally {
    write.mockRestore();
  }
  return out.join('').split('\n').filter(Boolean);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('item 5: select and gate share one selection', () => {
  // 78 on Tempest 33's ids: the epoxy-docker merge added test_create_server_from_snapshot (79),
  // then Epoxy's exclude list took test_rebuild_server out.
  it('the CI list with the distro profile: the 78 tests the gate runs, from both', async () => {
    const ci = join(root, 'tempest-filters', 'distro', 'include-ci.txt');
    const printed = await selectPrints(['--tests', idsFile, '--profile', 'distro', '--include-list', ci]);
    const planned = selectTests(ids, buildGatePlan(gateOptions({ profile: 'distro', includeList: [ci], excludeList: [] })).selection).selected;
    expect(printed).toEqual(planned);
    expect(printed).toHaveLength(78);
  });

  it('agree over every combination of profile, include list, exclude list and regex', async () => {
    const ci = join(root, 'tempest-filters', 'distro', 'include-ci.txt');
    for (const profile of ['distro', 'devstack', 'nova-docker']) {
      for (const includeList of [[], [ci]]) {
        for (const excludeList of [[], [excludeFile]]) {
          for (const regex of [undefined, 'test_servers', 'identity test_create_server']) {
            const args = ['--tests', idsFile, '--profile', profile, ...includeList.flatMap((f) => ['--include-list', f]), ...excludeList.flatMap((f) => ['--exclude-list', f]), ...(regex ? ['--regex', regex] : [])];
            const planned = selectTests(ids, buildGatePlan(gateOptions({ profile, includeList, excludeList, ...(regex ? { regex } : {}) })).selection).selected;
            expect(await selectPrints(args), args.join(' ')).toEqual(planned);
          }
        }
      }
    }
  });

  it("reads the same ids from a test list as the gate's dry run does: a plugin's tests kept, what is no test id left out", async () => {
    const list = join(scratch, 'list-tests.txt');
    writeFileSync(list, ['# tempest run --list-tests', 'WARNING: a deprecated option', 'tempest.api.a.B.test_x[id-1,smoke]', 'neutron_tempest_plugin.api.c.D.test_y[id-2]', '', ''].join('\n'));
    const ids = ['tempest.api.a.B.test_x[id-1,smoke]', 'neutron_tempest_plugin.api.c.D.test_y[id-2]'];
    expect(readTestIdsFixture(list)).toEqual(ids);
    expect(await selectPrints(['--tests', list])).toEqual(ids);
  });
});
