// Finds and removes what dockenstack made on an engine, by label: the leftovers of a crashed
// run, one run's things, or everything.
import type { EngineHandle } from './engine.ts';
import { LABEL_KIND, LABEL_RUN, managedFilter } from './labels.ts';

export interface ManagedResource {
  readonly type: 'container' | 'volume' | 'network' | 'image';
  readonly id: string;
  readonly name: string;
  readonly runId: string | undefined;
  readonly kind: string | undefined;
  readonly state?: string;
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
 * Removes containers first (they hold volumes, networks and images), then the rest. Images go
 * only with `images`; the debootstrap base only with `base` as well (it takes a while to remake).
 */
export async function removeManaged(
  engine: EngineHandle,
  options: { runId?: string; images?: boolean; base?: boolean } = {},
): Promise<{ removed: ManagedResource[]; failed: { resource: ManagedResource; reason: string }[] }> {
  const all = await listManaged(engine, options.runId ? { runId: options.runId } : {});
  const order: ManagedResource['type'][] = ['container', 'network', 'volume', 'image'];
  const removed: ManagedResource[] = [];
  const failed: { resource: ManagedResource; reason: string }[] = [];
  for (const type of order) {
    for (const resource of all.filter((r) => r.type === type)) {
      if (type === 'image' && (!options.images || (resource.kind === 'base' && !options.base))) continue;
      try {
        if (type === 'container') await engine.docker.getContainer(resource.id).remove({ force: true, v: true });
        if (type === 'network') await engine.docker.getNetwork(resource.id).remove();
        if (type === 'volume') await engine.docker.getVolume(resource.id).remove({ force: true });
        if (type === 'image') await engine.docker.getImage(resource.id).remove({ force: true });
        removed.push(resource);
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        if (status === 404) continue;
        failed.push({ resource, reason: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return { removed, failed };
}
