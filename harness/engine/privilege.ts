// "Privileged" for a stack container. Real users get real --privileged; some engines refuse it
// (here: CAP_SYS_RESOURCE is missing from the host's bounding set), and then this set, which
// still runs docker-in-docker, bridges, namespaces and iptables, is used instead.
import type { HostConfig } from 'dockerode';

export type PrivilegeMode = 'privileged' | 'fallback';

export function privilegedHostConfig(): HostConfig {
  return { Privileged: true };
}

export function fallbackHostConfig(): HostConfig {
  return {
    CapAdd: ['ALL'],
    CapDrop: ['SYS_RESOURCE'],
    SecurityOpt: ['seccomp=unconfined', 'apparmor=unconfined'],
    // The CLI's `--security-opt systempaths=unconfined` is this in the API: nothing masked or
    // read-only under /proc and /sys, so stack scripts can `sysctl -w`.
    MaskedPaths: [],
    ReadonlyPaths: [],
    // An inner dockerd creates cgroups; without this mount it fails with "read-only file system".
    Binds: ['/sys/fs/cgroup:/sys/fs/cgroup:rw'],
  };
}

/** The engine's words when it cannot grant --privileged (runc failing to apply capabilities). */
export function isPrivilegeRefusal(message: string): boolean {
  return /unable to apply caps|operation not permitted.*cap|apply caps|privileged mode is (?:not allowed|disabled)/i.test(message);
}
