// Files into and out of a container as tar streams, through the engine's archive API (no shell
// in the container needed, no temporary files on the host).
import type Dockerode from 'dockerode';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, stat, symlink } from 'node:fs/promises';
import { dirname, normalize, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract, pack } from 'tar-stream';

export interface CopyInEntry {
  /** Absolute path inside the container. */
  readonly containerPath: string;
  readonly content?: string | Buffer;
  readonly hostPath?: string;
  readonly mode?: number;
}

export async function copyIntoContainer(container: Dockerode.Container, entries: readonly CopyInEntry[]): Promise<void> {
  const archive = pack();
  for (const entry of entries) {
    const body = entry.content !== undefined ? Buffer.from(entry.content) : await readFile(entry.hostPath ?? '');
    const mode = entry.mode ?? (entry.hostPath ? (await stat(entry.hostPath)).mode & 0o777 : 0o644);
    archive.entry({ name: entry.containerPath.replace(/^\/+/, ''), mode, size: body.length }, body);
  }
  archive.finalize();
  // tar-stream packs are streamx streams: Readable.from gives dockerode the Node stream it expects.
  await container.putArchive(Readable.from(archive), { path: '/' });
}

/** Extracts a container file or directory under hostDir (a directory keeps its own name). */
export async function copyOutOfContainer(container: Dockerode.Container, containerPath: string, hostDir: string): Promise<void> {
  const stream = await container.getArchive({ path: containerPath });
  const root = resolve(hostDir);
  await mkdir(root, { recursive: true });
  const unpack = extract();
  unpack.on('entry', (header, body, next) => {
    const target = resolve(root, normalize(header.name));
    if (target !== root && !target.startsWith(root + sep)) {
      body.resume();
      next();
      return;
    }
    const done = (error?: unknown) => (error ? next(error as Error) : next());
    if (header.type === 'directory') {
      body.resume();
      mkdir(target, { recursive: true }).then(() => done(), done);
    } else if (header.type === 'file') {
      mkdir(dirname(target), { recursive: true })
        .then(() => pipeline(body, createWriteStream(target, { mode: header.mode ?? 0o644 })))
        .then(() => done(), done);
    } else if (header.type === 'symlink' && header.linkname) {
      body.resume();
      mkdir(dirname(target), { recursive: true })
        .then(() => symlink(header.linkname ?? '', target))
        .then(() => done(), () => done());
    } else {
      body.resume();
      next();
    }
  });
  await pipeline(stream, unpack);
}
