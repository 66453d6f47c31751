// Finds and removes what dockenstack made on an engine, by label: the leftovers of a crashed
// run, one run's things, or everything. A live run (its owner still runs, or runs on a host
// this one cannot ask) is left alone with all its things, unless forced.
import type { EngineHandle } from './engine.ts';
import { LABEL_KIND, LABEL_LIFETIME, LABEL_PROFILE, LABEL_RUN, managedFilter } from './labels.ts';
import { ownerOf, ownerState, type OwnerProbe, type RunOwner } from './run-owner.ts';

export interface ManagedResource {
  readonly type: 'container' | 'volume' | 'network' | 'image';
  readonly id: string;
  readonly name: string;
  readonly runId: string | undefined;
  readonly kind: string | undefined;
  readonly state?: string;
  /** A container's owner, from its labels (runs made before owners were recorded have none). */
  readonly owner?: RunOwner;
  /** A container `up` made to stay up after its owner exits. */
  readonly stayUp?: boolean;
  /** A container's profile label. */
  readonly profile?: string;
  /** When it was made (epoch ms), where the engine says. */
  readonly createdMs?: number;
}

/** A resource cleaning leaves where it is, and why. */
export interface KeptResource {
  readonly resource: ManagedResource;
  readonly reason: string;
}

export interface CleanupOptions {
  readonly runId?: string;
  readonly images?: boolean;
  readonly base?: boolean;
  /** Remove live runs' things too. */
  readonly force?: boolean;
  /** Say what would be removed, and remove nothing. */
  readonly dryRun?: boolean;
  readonly probe?: OwnerProbe;
}

export async function listManaged(engine: EngineHandle, filter: { runId?: string } = {}): Promise<ManagedResource[]> {
  const filters = JSON.stringify(managedFilter(filter.runId));
  const [containers, volumes, networks, images] = await Promise.all([
    engine.docker.listContainers({ all: true, filters }),
    engine.docker.listVolumes({ filters }),
    engine.docker.listNetworks({ filters }),
    engine.docker.listImages({ filters }),
  ]);
  return [
    ...containers.map((c) => ({
      type: 'container' as const,
      id: c.Id,
      name: (c.Names[0] ?? c.Id).replace(/^\//, ''),
      runId: c.Labels[LABEL_RUN],
      kind: c.Labels[LABEL_KIND],
      state: c.State,
      ...(ownerOf(c.Labels) ? { owner: ownerOf(c.Labels) } : {}),
      ...(c.Labels[LABEL_LIFETIME] === 'up' ? { stayUp: true } : {}),
      ...(c.Labels[LABEL_PROFILE] ? { profile: c.Labels[LABEL_PROFILE] } : {}),
      createdMs: c.Created * 1000,
    })),
    ...(volumes.Volumes ?? []).map((v) => ({ type: 'volume' as const, id: v.Name, name: v.Name, runId: v.Labels?.[LABEL_RUN], kind: v.Labels?.[LABEL_KIND] })),
    ...networks.map((n) => ({ type: 'network' as const, id: n.Id, name: n.Name, runId: n.Labels?.[LABEL_RUN], kind: n.Labels?.[LABEL_KIND] })),
    ...images.map((i) => ({
      type: 'image' as const,
      id: i.Id,
      name: i.RepoTags?.[0] ?? i.Id.slice(7, 19),
      runId: i.Labels?.[LABEL_RUN],
      kind: i.Labels?.[LABEL_KIND],
    })),
  ];
}

/**
 * The runs among the resources whose owner runs (or cannot be asked), or that are stacks `up` left
 * running, with why each is live.
 */
export function liveRuns(resources: readonly ManagedResource[], probe?: OwnerProbe): Map<string, string> {
  const live = new Map<string, string>();
  for (const resource of resources) {
    if (resource.type !== 'container' || !resource.runId) continue;
    const state = resource.owner ? ownerState(resource.owner, probe) : 'gone';
    if (resource.owner && state === 'live') {
      const { host, pid, started } = resource.owner;
      live.set(resource.runId, `run ${resource.runId} is live: process ${pid} on ${host} since ${started}`);
    } else if (resource.stayUp && resource.state === 'running') {
      // Its owner (`up`) has exited: the stack is live while it runs, until `down`.
      live.set(resource.runId, `run ${resource.runId} is a stack that is up (dockenstack down ${resource.runId} removes it)`);
    } else if (resource.owner && state === 'unknown') {
      const { host, pid } = resource.owner;
      live.set(resource.runId, `run ${resource.runId} belongs to process ${pid} on ${host}, which this host cannot ask`);
    }
  }
  return live;
}

/**
 * What cleaning removes, in order (containers first: they hold volumes, networks and images), and
 * what it keeps. Images (snapshots among them) go only with `images`; the debootstrap base only with `base` as well (it
 * takes a while to remake); a live run's things, and every image while a run is live, only with
 * `force`.
 */
export function planCleanup(resources: readonly ManagedResource[], options: CleanupOptions = {}): { remove: ManagedResource[]; keep: KeptResource[] } {
  const live = options.force ? new Map<string, string>() : liveRuns(resources, options.probe);
  const order: ManagedResource['type'][] = ['container', 'network', 'volume', 'image'];
  const remove: ManagedResource[] = [];
  const keep: KeptResource[] = [];
  // A snapshot is a child of the stack image it was committed on, which the engine will not
  // remove before it: snapshots go first.
  const snapshotsFirst = (a: ManagedResource, b: ManagedResource) => Number(b.kind === 'snapshot') - Number(a.kind === 'snapshot');
  for (const type of order) {
    for (const resource of resources.filter((r) => r.type === type).sort(snapshotsFirst)) {
      if (type === 'image' && (!options.images || (resource.kind === 'base' && !options.base))) continue;
      const liveReason = resource.runId ? live.get(resource.runId) : undefined;
      if (liveReason) keep.push({ resource, reason: `${liveReason}; --force removes it` });
      else if (type === 'image' && live.size) keep.push({ resource, reason: `${live.size} live run(s) may use it; --force removes it` });
      else remove.push(resource);
    }
  }
  return { remove, keep };
}

export async function removeManaged(
  engine: EngineHandle,
  options: CleanupOptions = {},
): Promise<{ removed: ManagedResource[]; kept: KeptResource[]; failed: { resource: ManagedResource; reason: string }[] }> {
  const all = await listManaged(engine, options.runId ? { runId: options.runId } : {});
  const { remove, keep } = planCleanup(all, options);
  if (options.dryRun) return { removed: remove, kept: keep, failed: [] };
  const removed: ManagedResource[] = [];
  const failed: { resource: ManagedResource; reason: string }[] = [];
  for (const resource of remove) {
    try {
      if (resource.type === 'container') await engine.docker.getContainer(resource.id).remove({ force: true, v: true });
      if (resource.type === 'network') await engine.docker.getNetwork(resource.id).remove();
      if (resource.type === 'volume') await engine.docker.getVolume(resource.id).remove({ force: true });
      if (resource.type === 'image') await engine.docker.getImage(resource.id).remove({ force: true });
      removed.push(resource);
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 404) continue;
      failed.push({ resource, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { removed, kept: keep, failed };
}
