// The Debian release a profile's image is built from. It decides the base image (debootstrap of
// that suite), the OpenStack release its packages carry, and the Tempest whose test list `select`
// and `--dry-run` count against. The stack scripts read the suite from the image (DEBIAN_SUITE)
// and source their per-release settings from dockerfiles/distro/release/<suite>.sh.
import { resolve } from 'node:path';
import type { BaseImageSpec } from '../engine/base-image.ts';

export interface DebianRelease {
  readonly suite: 'bookworm' | 'trixie';
  /** The OpenStack release of the suite's packages, as people name it. */
  readonly openstack: string;
  /** The major version of the suite's python3-tempest. */
  readonly tempest: number;
}

export const BOOKWORM: DebianRelease = { suite: 'bookworm', openstack: 'Zed', tempest: 33 };
export const TRIXIE: DebianRelease = { suite: 'trixie', openstack: '2025.1 Epoxy', tempest: 43 };

export function baseImageOf(release: DebianRelease): BaseImageSpec {
  return { tag: `dockenstack-base:${release.suite}-minbase`, suite: release.suite };
}

/** tempest-filters/tempest-<major>-test-ids.txt: `tempest run --list-tests` of that Tempest. */
export function testIdsPathOf(release: DebianRelease, projectRoot: string): string {
  return resolve(projectRoot, 'tempest-filters', `tempest-${release.tempest}-test-ids.txt`);
}
