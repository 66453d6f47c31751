// How many Tempest workers a gate runs when --concurrency is not given: one more than the cores,
// at least 2, at most 8. API tests spend much of their time waiting (Tempest's waiters poll a
// server's status every second; nova and neutron work asynchronously), so a worker per core
// leaves the cores idle part of the time, but on a single host the services share those cores:
// too many workers only lengthen each request. Measured on this 2-core machine, quiet, the full
// distro selection (bench/README.md, issue 19): Tempest took 794 s on 2 workers, 582 s on 3 and
// 650 s on 4, with the same results each time. Earlier, on a machine loaded by other gates,
// 4 workers had pushed nova's POST /servers past Tempest's HTTP timeout.
export const EXTRA_WORKERS = 1;
export const MIN_WORKERS = 2;
export const MAX_WORKERS = 8;

/** Tempest workers for a machine with `cores` cores: one more than the cores, 2 to 8. */
export function defaultConcurrency(cores: number): number {
  const counted = Math.floor(Number.isFinite(cores) && cores > 0 ? cores : 0);
  return Math.min(MAX_WORKERS, Math.max(MIN_WORKERS, counted + EXTRA_WORKERS));
}
