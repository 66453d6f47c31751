// The stack profiles: which kind of stack a profile runs, which local.conf it starts from and
// which Tempest lists it uses.
import { resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import { PROJECT_ROOT } from '../project-root.ts';
import type { StackKind, StackKindName } from '../stacks/stack-kind.ts';
import { stackKind } from '../stacks/stack-kinds.ts';

export interface Profile {
  readonly name: string;
  readonly description: string;
  readonly kind: StackKind;
  readonly localConfPath: string;
  readonly filtersDir: string;
}

function profile(name: string, kind: StackKindName, description: string): Profile {
  return {
    name,
    description,
    kind: stackKind(kind),
    localConfPath: resolve(PROJECT_ROOT, 'localrc', `${name}.conf`),
    filtersDir: resolve(PROJECT_ROOT, 'tempest-filters', name),
  };
}

export const PROFILES: readonly Profile[] = [
  profile('distro', 'distro', "OpenStack Zed from Debian's packages, offline; the default"),
  profile('devstack', 'devstack', "DevStack's stack.sh from git (needs git hosts and PyPI)"),
  profile('nova-docker', 'devstack', 'DevStack with the nova-docker driver, as its historic gate ran'),
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
