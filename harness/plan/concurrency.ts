// How many Tempest workers a gate runs when --concurrency is not given: one per core, at least 2,
// at most 8. API tests spend much of their time waiting on the services, but on a single host those
// services share the same cores: measured on 2 shared cores (bench/README.md, issue 19), 4 workers
// made nova's POST /servers take 34–76 s, past Tempest's 60 s HTTP timeout, and two tests failed
// that pass with 2. More workers than cores is for an idle machine: ask with --concurrency.
export const WORKERS_PER_CORE = 1;
export const MIN_WORKERS = 2;
export const MAX_WORKERS = 8;

/** Tempest workers for a machine with `cores` cores: one per core, at least 2, at most 8. */
export function defaultConcurrency(cores: number): number {
  const perCore = Math.floor(Number.isFinite(cores) && cores > 0 ? cores : 1) * WORKERS_PER_CORE;
  return Math.min(MAX_WORKERS, Math.max(MIN_WORKERS, perCore));
}
