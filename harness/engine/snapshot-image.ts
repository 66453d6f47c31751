// Snapshots of stacked containers: a `docker commit` of the container, labelled with the hash of
// the inputs it was stacked from (its key) and the hostname it ran under, found again by that
// key. The engine pauses the container while it commits, so the databases' files are as a crash
// at that instant would leave them, which is what their recovery is made for.
import { extract } from 'tar-stream';
import { pipeline } from 'node:stream/promises';
import type { EngineHandle } from './engine.ts';
import { engineError } from './engine-errors.ts';
import { LABEL_RUN, LABEL_SNAPSHOT_HOSTNAME, LABEL_SNAPSHOT_KEY, managedLabels } from './labels.ts';

/** Snapshot images are tagged `dockenstack-snapshot:<key>`. */
export const SNAPSHOT_REPOSITORY = 'dockenstack-snapshot';

export interface SnapshotImage {
  readonly id: string;
  readonly tag: string;
  readonly key: string;
  readonly hostname: string;
  /** The run whose stack it was taken of. */
  readonly runId: string | undefined;
  readonly createdMs: number;
  /** What it adds to the stack image it was committed on: its own disk cost. */
  readonly layerBytes: number;
}

/** Commits a running container as the snapshot of `key`; the tag moves to it from any earlier one. */
export async function commitSnapshot(engine: EngineHandle, containerId: string, snapshot: { key: string; runId: string }): Promise<SnapshotImage> {
  try {
    const container = engine.docker.getContainer(containerId);
    const hostname = (await container.inspect()).Config.Hostname;
    const labels = { ...managedLabels('snapshot', snapshot.runId), [LABEL_SNAPSHOT_KEY]: snapshot.key, [LABEL_SNAPSHOT_HOSTNAME]: hostname };
    // The body is the image's config: labels given here win over the container's own (which the
    // engine merges in: its owner, its kind), so the image is found as a snapshot, not a container.
    await container.commit({
      _query: { container: containerId, repo: SNAPSHOT_REPOSITORY, tag: snapshot.key, pause: true, comment: `dockenstack: the stack of run ${snapshot.runId}` },
      _body: { Labels: labels },
    });
    const found = await findSnapshot(engine, snapshot.key);
    if (!found) throw new Error(`the committed image ${SNAPSHOT_REPOSITORY}:${snapshot.key} is not there`);
    return found;
  } catch (error) {
    throw engineError('committing the stack container as a snapshot', error);
  }
}

/** The newest snapshot image of `key`, if there is one. */
export async function findSnapshot(engine: EngineHandle, key: string): Promise<SnapshotImage | undefined> {
  const images = await engine.docker.listImages({ filters: JSON.stringify({ label: [`${LABEL_SNAPSHOT_KEY}=${key}`] }) }).catch((error: unknown) => {
    throw engineError('listing snapshot images', error);
  });
  const newest = images.sort((a, b) => b.Created - a.Created)[0];
  if (!newest) return undefined;
  const labels = newest.Labels ?? {};
  const parentBytes = newest.ParentId ? await engine.docker.getImage(newest.ParentId).inspect().then((parent) => parent.Size, () => 0) : 0;
  return {
    id: newest.Id,
    tag: newest.RepoTags?.find((t) => t.startsWith(`${SNAPSHOT_REPOSITORY}:`)) ?? newest.Id,
    key,
    hostname: labels[LABEL_SNAPSHOT_HOSTNAME] ?? '',
    runId: labels[LABEL_RUN],
    createdMs: newest.Created * 1000,
    layerBytes: newest.Size - parentBytes,
  };
}

/** The runs that snapshots were taken of (the snapshots' run labels). */
export async function snapshottedRuns(engine: EngineHandle): Promise<Set<string>> {
  const images = await engine.docker.listImages({ filters: JSON.stringify({ label: [LABEL_SNAPSHOT_KEY] }) }).catch((error: unknown) => {
    throw engineError('listing snapshot images', error);
  });
  return new Set(images.flatMap((image) => image.Labels?.[LABEL_RUN] ?? []));
}

/** Removes an image that is not in use; one a container still runs from stays (false). */
export async function removeUnusedImage(engine: EngineHandle, id: string): Promise<boolean> {
  try {
    await engine.docker.getImage(id).remove();
    return true;
  } catch {
    return false;
  }
}

/**
 * A text file of an image, read without running anything: from a container created (never
 * started) from it, which is removed again.
 */
export async function readImageFile(engine: EngineHandle, image: string, path: string): Promise<string> {
  let created: Awaited<ReturnType<EngineHandle['docker']['createContainer']>> | undefined;
  try {
    created = await engine.docker.createContainer({ Image: image, Cmd: ['true'], Labels: managedLabels('check') });
    const archive = await created.getArchive({ path });
    const chunks: Buffer[] = [];
    const unpack = extract();
    unpack.on('entry', (header, body, next) => {
      if (header.type === 'file') body.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
      body.on('end', () => next());
      body.resume();
    });
    await pipeline(archive, unpack);
    return Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    throw engineError(`reading ${path} from image ${image}`, error);
  } finally {
    await created?.remove({ force: true }).catch(() => {});
  }
}
