// The distro (Epoxy) profile's exclusions and known failures, read against Tempest 43's real test
// list: each rule written for one diagnosed test must match that test and nothing else, and a
// known failure must be a test the selection runs (one it never runs could never shrink the list).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../harness/project-root.ts';
import { loadFilterList } from '../../../harness/selection/filter-list.ts';
import { loadKnownFailures } from '../../../harness/selection/known-failures.ts';
import { selectTests } from '../../../harness/selection/select-tests.ts';

const filters = join(PROJECT_ROOT, 'tempest-filters');
const ids = readFileSync(join(filters, 'tempest-43-test-ids.txt'), 'utf8').trim().split('\n');
const selection = selectTests(ids, {
  include: [loadFilterList(join(filters, 'distro', 'include.txt'))],
  exclude: [loadFilterList(join(filters, 'distro', 'exclude.txt'))],
});
const known = loadKnownFailures(join(filters, 'distro', 'known-failures.txt'));

describe("the distro profile's filters on Tempest 43", () => {
  it('lists the two failures of Debian security updates, each matching its one test, with a reason and a link', () => {
    const matched = known.map((entry) => ({ ids: ids.filter((id) => entry.regex.test(id)), link: entry.link }));
    expect(matched).toEqual([
      {
        ids: ['tempest.api.identity.admin.v3.test_credentials.CredentialsTestJSON.test_credentials_create_get_update_delete[id-7cd59bf9-bda4-4c72-9467-d21cab278355,smoke]'],
        link: 'https://bugs.launchpad.net/keystone/+bug/2159643',
      },
      {
        ids: ['tempest.api.image.v2.admin.test_image_task.ImageTaskCreate.test_task_create_fake_image_location[id-ad6450c6-7060-4ee7-a2d1-41c2604b446c,negative]'],
        link: 'https://bugs.debian.org/1144212',
      },
    ]);
    for (const entry of known) expect(entry.reason.length).toBeGreaterThan(40);
  });

  it('runs every known failure: none is excluded or outside the include list', () => {
    const selected = new Set(selection.selected);
    expect(known).not.toHaveLength(0);
    for (const entry of known) expect(ids.filter((id) => entry.regex.test(id) && selected.has(id)), entry.where).toHaveLength(1);
  });

  it('leaves out the image dependency test (a bare raw image the docker driver cannot boot) by a rule that finds only it', () => {
    const byReason = new Map<string, string[]>();
    for (const id of ids.filter((each) => each.includes('.ImageDependencyTests.'))) {
      const rule = selection.excludedBy.get(id);
      byReason.set(rule?.source ?? 'selected', [...(byReason.get(rule?.source ?? 'selected') ?? []), id]);
    }
    expect(Object.fromEntries(byReason)).toEqual({
      'ImageDependencyTests\\.test_nova_image_snapshot_dependency\\[': ['tempest.api.image.v2.test_images_dependency.ImageDependencyTests.test_nova_image_snapshot_dependency[compute,id-d19b0731-e98e-4103-8b0e-02f651b8f586]'],
      volume: ['tempest.api.image.v2.test_images_dependency.ImageDependencyTests.test_image_volume_server_snapshot_dependency[compute,id-f0c8a35d-8f8f-443c-8bcb-85a9c0f87d19,volume]'],
    });
    expect(selection.selected).toHaveLength(805);
  });
});
