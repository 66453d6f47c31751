// What a profile's stack can run, checked when the plan is made so that a gate which cannot work
// stops before anything is built (exit 2): the VIRT_DRIVERs it has a compute driver for.
import { UsageError } from '../errors.ts';
import type { LocalrcStatement } from '../localconf/localrc.ts';
import { PROFILES, type Profile } from './profiles.ts';

/**
 * The local.conf's VIRT_DRIVER must be one the profile's stack runs, unless the user brings the
 * driver (--driver-src) or vouches for it (--allow-virt-driver).
 */
export function requireRunnableVirtDriver(profile: Profile, statements: readonly LocalrcStatement[], vouched: { driverSrc: boolean; allowed: readonly string[] }): void {
  const assignment = [...statements].reverse().find((s) => s.kind === 'assign' && s.name === 'VIRT_DRIVER');
  if (!assignment || assignment.kind !== 'assign' || assignment.value === undefined) return;
  const driver = assignment.value;
  const runnable = profile.virtDrivers;
  if (runnable.includes(driver) || vouched.driverSrc || vouched.allowed.includes(driver)) return;
  const elsewhere = PROFILES.filter((other) => other.name !== profile.name && other.virtDrivers.includes(driver)).map((other) => other.name);
  throw new UsageError(`the ${profile.name} profile cannot run VIRT_DRIVER=${driver} (it runs ${runnable.join(', ')})`, {
    where: assignment.line.origin,
    hint: elsewhere.length ? `use --profile ${elsewhere[0]}, or --driver-src PATH for your own driver` : 'use --driver-src PATH for your own driver',
  });
}
