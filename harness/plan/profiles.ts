// The stack profiles: which image a profile builds, which local.conf it starts from, which
// Tempest lists it uses, and whether it needs the network beyond Debian's mirror.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.ts';
import { BOOKWORM, TRIXIE, type DebianRelease } from './debian-release.ts';

/** Set by bin/dockenstack.js in the bundle it builds, which does not sit where this source does. */
declare const DOCKENSTACK_ROOT: string | undefined;

/** The repository's root: profiles, dockerfiles and filters are found relative to it. */
export const PROJECT_ROOT = typeof DOCKENSTACK_ROOT === 'string' ? DOCKENSTACK_ROOT : resolve(fileURLToPath(import.meta.url), '..', '..', '..');

export type StackKind = 'distro' | 'devstack';

export interface Profile {
  readonly name: string;
  readonly description: string;
  /** dockerfiles/<stack>/ is the image's build context. */
  readonly stack: StackKind;
  /** The base image's suite, hence the OpenStack and Tempest releases. */
  readonly release: DebianRelease;
  readonly localConfPath: string;
  readonly filtersDir: string;
  /** git hosts and PyPI: checked before anything is built. */
  readonly needsNetwork: boolean;
  /** The VIRT_DRIVERs the stack can set up itself; undefined: whatever DevStack knows. */
  readonly virtDrivers?: readonly string[];
}

function profile(name: string, stack: StackKind, release: DebianRelease, description: string): Profile {
  return {
    name,
    description,
    stack,
    release,
    localConfPath: resolve(PROJECT_ROOT, 'localrc', `${name}.conf`),
    filtersDir: resolve(PROJECT_ROOT, 'tempest-filters', name),
    needsNetwork: stack === 'devstack',
    // dockenstack-stack knows our Docker driver and the fake one (dockerfiles/distro/driver/).
    ...(stack === 'distro' ? { virtDrivers: ['docker', 'fake'] } : {}),
  };
}

export const PROFILES: readonly Profile[] = [
  profile('distro', 'distro', TRIXIE, "OpenStack 2025.1 Epoxy from Debian trixie's packages, offline; the default"),
  profile('distro-zed', 'distro', BOOKWORM, "OpenStack Zed from Debian bookworm's packages, offline"),
  profile('devstack', 'devstack', BOOKWORM, "DevStack's stack.sh from git (needs git hosts and PyPI)"),
  profile('nova-docker', 'devstack', BOOKWORM, 'DevStack with the nova-docker driver, as its historic gate ran'),
];

export const DEFAULT_PROFILE = 'distro';

export function findProfile(name: string): Profile {
  const found = PROFILES.find((candidate) => candidate.name === name);
  if (!found) {
    throw new UsageError(`unknown profile '${name}'`, {
      where: '--profile',
      hint: `known profiles: ${PROFILES.map((p) => p.name).join(', ')}`,
    });
  }
  return found;
}

export function dockerfileDir(stack: StackKind): string {
  return resolve(PROJECT_ROOT, 'dockerfiles', stack);
}
