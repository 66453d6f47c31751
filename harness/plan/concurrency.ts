// How many Tempest workers a gate runs when --concurrency is not given. API tests spend most of
// their time waiting on the services (a server to go ACTIVE, a port to bind), not on a core, so a
// worker per core leaves the machine idle; but every worker's requests land on the same single-host
// services, which share those cores, so beyond a few per core the waits only get longer.
export const WORKERS_PER_CORE = 2;
export const MIN_WORKERS = 2;
export const MAX_WORKERS = 8;

/** Tempest workers for a machine with `cores` cores: two per core, at least 2, at most 8. */
export function defaultConcurrency(cores: number): number {
  const perCore = Math.floor(Number.isFinite(cores) && cores > 0 ? cores : 1) * WORKERS_PER_CORE;
  return Math.min(MAX_WORKERS, Math.max(MIN_WORKERS, perCore));
}
