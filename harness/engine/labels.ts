// Everything dockenstack creates on an engine carries these labels, so `clean` and `doctor` can
// find it after a crash, and two gates on one engine never touch each other's things.
export const LABEL_MANAGED = 'dockenstack.managed';
export const LABEL_RUN = 'dockenstack.run';
export const LABEL_KIND = 'dockenstack.kind';
/** Who runs a run's container: `doctor` and `clean` leave a live run's things alone. */
export const LABEL_OWNER_HOST = 'dockenstack.owner.host';
export const LABEL_OWNER_PID = 'dockenstack.owner.pid';
export const LABEL_OWNER_STARTED = 'dockenstack.owner.started';
/** `up`: a stack meant to stay up after its owner exits (`dockenstack up`); a gate's has none. */
export const LABEL_LIFETIME = 'dockenstack.lifetime';
/** The profile a stack was made with: `tempest RUN` selects with that profile's lists. */
export const LABEL_PROFILE = 'dockenstack.profile';
/** A snapshot image of a stacked container: the hash of the inputs it was stacked from. */
export const LABEL_SNAPSHOT_KEY = 'dockenstack.snapshot.key';
/** The hostname the snapshot's stack was set up under (rabbitmq's node and nova's host are named after it). */
export const LABEL_SNAPSHOT_HOSTNAME = 'dockenstack.snapshot.hostname';

export type ResourceKind = 'base' | 'image' | 'snapshot' | 'container' | 'volume' | 'network' | 'check';

export function managedLabels(kind: ResourceKind, runId?: string): Record<string, string> {
  return { [LABEL_MANAGED]: 'true', [LABEL_KIND]: kind, ...(runId ? { [LABEL_RUN]: runId } : {}) };
}

/** The engine's `filters` argument that selects our resources, optionally one run's. */
export function managedFilter(runId?: string): { label: string[] } {
  return { label: [`${LABEL_MANAGED}=true`, ...(runId ? [`${LABEL_RUN}=${runId}`] : [])] };
}
