// The stack profiles: which kind of stack a profile runs on which Debian release, which local.conf
// it starts from and which Tempest lists it uses.
import { resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import { PROJECT_ROOT } from '../project-root.ts';
import { BOOKWORM, TRIXIE, type DebianRelease } from '../stacks/debian-release.ts';
import type { StackKind, StackKindName } from '../stacks/stack-kind.ts';
import { stackKind } from '../stacks/stack-kinds.ts';

export interface Profile {
  readonly name: string;
  readonly description: string;
  readonly kind: StackKind;
  /** The base image's suite, hence the OpenStack and Tempest releases. */
  readonly release: DebianRelease;
  readonly localConfPath: string;
  readonly filtersDir: string;
  /** The VIRT_DRIVERs a gate of this profile may set: its stack kind's, unless narrowed here. */
  readonly virtDrivers: readonly string[];
  /** The VIRT_DRIVERs the stack's own scripts set up, checked with local.conf (see StackKind). */
  readonly stackVirtDrivers: readonly string[] | undefined;
  /** The stack's source ref this profile builds (DevStack's), unless the environment names one. */
  readonly pinnedRef: string | undefined;
}

interface ProfileSettings {
  readonly virtDrivers?: readonly string[];
  readonly pinnedRef?: string;
}

function profile(name: string, kindName: StackKindName, release: DebianRelease, description: string, settings: ProfileSettings = {}): Profile {
  const kind = stackKind(kindName);
  return {
    name,
    description,
    kind,
    release,
    localConfPath: resolve(PROJECT_ROOT, 'localrc', `${name}.conf`),
    filtersDir: resolve(PROJECT_ROOT, 'tempest-filters', name),
    virtDrivers: settings.virtDrivers ?? kind.virtDrivers,
    stackVirtDrivers: kind.scriptVirtDrivers,
    pinnedRef: settings.pinnedRef,
  };
}

export const PROFILES: readonly Profile[] = [
  profile('distro', 'distro', TRIXIE, "OpenStack 2025.1 Epoxy from Debian trixie's packages, offline; the default"),
  profile('distro-zed', 'distro', BOOKWORM, "OpenStack Zed from Debian bookworm's packages, offline"),
  profile('devstack', 'devstack', BOOKWORM, "DevStack's stack.sh from git (needs git hosts and PyPI)"),
  // The profile is there to run the docker driver; its plugin was last maintained on
  // stable/newton, and DevStack's newton branch ended as the tag newton-eol.
  profile('nova-docker', 'devstack', BOOKWORM, 'DevStack with the nova-docker driver, as its historic gate ran', { virtDrivers: ['docker'], pinnedRef: 'newton-eol' }),
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
