// What a profile's stack can run, checked when the plan is made so that a gate which cannot work
// stops before anything is built (exit 2): the VIRT_DRIVERs it has a compute driver for, and the
// DevStack release its plugins were written for.
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import type { LocalrcStatement } from '../localconf/localrc.ts';
import { PROJECT_ROOT, type Profile, type StackKind } from './profiles.ts';

/**
 * By profile name, else by stack kind. The distro stack has a compute driver for `fake` only (any
 * other needs --driver-src); DevStack's own lib/nova_plugins/hypervisor-* are fake, ironic,
 * libvirt, openvz and vsphere; the nova-docker profile is there to run the docker driver.
 */
const RUNNABLE_VIRT_DRIVERS: Readonly<Record<string, readonly string[]>> = {
  distro: ['fake'],
  devstack: ['fake', 'ironic', 'libvirt', 'openvz', 'vsphere'],
  'nova-docker': ['docker'],
};

/**
 * The DevStack a profile builds, by profile name (default: master). nova-docker's plugin was
 * last maintained on stable/newton; DevStack's newton branch ended as the tag newton-eol.
 */
const PINNED_DEVSTACK_REFS: Readonly<Record<string, string>> = {
  'nova-docker': 'newton-eol',
};

export function runnableVirtDrivers(profile: Profile): readonly string[] {
  return RUNNABLE_VIRT_DRIVERS[profile.name] ?? RUNNABLE_VIRT_DRIVERS[profile.stack] ?? [];
}

/**
 * The local.conf's VIRT_DRIVER must be one the profile's stack runs, unless the user brings the
 * driver (--driver-src) or vouches for it (--allow-virt-driver).
 */
export function requireRunnableVirtDriver(profile: Profile, statements: readonly LocalrcStatement[], vouched: { driverSrc: boolean; allowed: readonly string[] }): void {
  const assignment = [...statements].reverse().find((s) => s.kind === 'assign' && s.name === 'VIRT_DRIVER');
  if (!assignment || assignment.kind !== 'assign' || assignment.value === undefined) return;
  const driver = assignment.value;
  const runnable = runnableVirtDrivers(profile);
  if (runnable.includes(driver) || vouched.driverSrc || vouched.allowed.includes(driver)) return;
  const elsewhere = ['distro', 'devstack', 'nova-docker'].filter((name) => name !== profile.name && RUNNABLE_VIRT_DRIVERS[name]?.includes(driver));
  throw new UsageError(`the ${profile.name} profile cannot run VIRT_DRIVER=${driver} (it runs ${runnable.join(', ')})`, {
    where: assignment.line.origin,
    hint: elsewhere.length ? `use --profile ${elsewhere[0]}, or --driver-src PATH for your own driver` : 'use --driver-src PATH for your own driver',
  });
}

/** The DevStack ref to build: DOCKENSTACK_DEVSTACK_REF, else the profile's pin, else master. */
export function devstackRefFor(profile: Profile, overridden: string | undefined): string {
  return overridden ?? PINNED_DEVSTACK_REFS[profile.name] ?? 'master';
}

/**
 * A plugin pinned to stable/X runs on DevStack's stable/X (or its end-of-life tag X-eol): on
 * another DevStack, stack.sh fails late, after the whole image was built.
 */
export function requireDevstackForPlugins(devstackRef: string, statements: readonly LocalrcStatement[]): void {
  for (const statement of statements) {
    if (statement.kind !== 'plugin' || !statement.ref?.startsWith('stable/')) continue;
    const series = statement.ref.slice('stable/'.length);
    if (devstackRef === statement.ref || devstackRef === `${series}-eol`) continue;
    throw new UsageError(`DevStack ${devstackRef} cannot run the ${statement.name} plugin at ${statement.ref}`, {
      where: statement.line.origin,
      hint: `build DevStack ${series}-eol (DOCKENSTACK_DEVSTACK_REF=${series}-eol) or stable/${series}`,
    });
  }
}

/** The Tempest whose test ids a dry run can count a selection on. */
export interface KnownTempest {
  readonly label: string;
  readonly testIdsPath: string;
}

/**
 * By stack kind: the distro stack installs Debian's Tempest, whose test ids are listed here;
 * DevStack installs Tempest from git, whose tests are known only once the stack lists them.
 */
const KNOWN_TEMPEST: Readonly<Record<StackKind, KnownTempest | undefined>> = {
  distro: { label: "Tempest 33 (Debian bookworm's)", testIdsPath: join(PROJECT_ROOT, 'tempest-filters', 'tempest-33-test-ids.txt') },
  devstack: undefined,
};

export function knownTempestOf(profile: Profile): KnownTempest | undefined {
  return KNOWN_TEMPEST[profile.stack];
}
