// The base every dockenstack image starts FROM. No registry answers on some machines, so when the
// named image is neither present nor pullable it is made from Debian's mirror with debootstrap and
// `docker import`ed, once; later runs find it by tag.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentError } from '../errors.ts';
import { finishOnHost, followLines, hostShell } from '../host/host-process.ts';
import type { ProgressSink } from '../progress/progress-sink.ts';
import { imageExists, type EngineHandle } from './engine.ts';
import { LABEL_KIND, LABEL_MANAGED } from './labels.ts';

export interface BaseImageSpec {
  readonly tag: string;
  readonly suite: string;
  readonly mirror?: string;
}

export const DEFAULT_BASE_IMAGE: BaseImageSpec = { tag: 'dockenstack-base:bookworm-minbase', suite: 'bookworm' };

export async function ensureBaseImage(engine: EngineHandle, spec: BaseImageSpec, progress: ProgressSink): Promise<{ tag: string; id: string; built: boolean }> {
  const present = await imageExists(engine, spec.tag);
  if (present) return { tag: spec.tag, id: present.id, built: false };
  if (await tryPull(engine, spec.tag)) {
    const pulled = await imageExists(engine, spec.tag);
    if (pulled) return { tag: spec.tag, id: pulled.id, built: false };
  }
  const mirror = spec.mirror ?? hostDebianMirror();
  progress.note(`base image ${spec.tag} not found and no registry has it: building it with debootstrap from ${mirror}`);
  if (!existsSync('/usr/sbin/debootstrap') && !existsSync('/usr/bin/debootstrap')) {
    throw new EnvironmentError(`the base image ${spec.tag} is missing and debootstrap is not installed`, {
      hint: 'apt-get install -y debootstrap (or load the image: docker load / docker pull)',
    });
  }
  const work = await mkdtemp(join(tmpdir(), 'dockenstack-rootfs-'));
  const rootfs = join(work, 'rootfs');
  const archive = join(work, 'rootfs.tar');
  try {
    const debootstrap = (await hostShell())`debootstrap --variant=minbase ${spec.suite} ${rootfs} ${mirror}`;
    followLines(debootstrap, (line) => progress.line(line));
    await finishOnHost('debootstrap', debootstrap);
    // Through a file, not a pipe: a `docker import` that fails mid-upload then says why in its
    // own error, where a pipe's writer would die of EPIPE first. The file is ~150 MB, gone below.
    await finishOnHost('tar', (await hostShell())`tar -C ${rootfs} -cf ${archive} .`);
    const changes = [`LABEL ${LABEL_MANAGED}=true`, `LABEL ${LABEL_KIND}=base`, 'CMD ["/bin/bash"]'].flatMap((c) => ['--change', c]);
    const imported = (await hostShell())`docker import ${changes} ${archive} ${spec.tag}`;
    followLines(imported, (line) => progress.line(line));
    await finishOnHost('docker import', imported);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const built = await imageExists(engine, spec.tag);
  if (!built) throw new EnvironmentError(`docker import did not produce ${spec.tag}`);
  return { tag: spec.tag, id: built.id, built: true };
}

async function tryPull(engine: EngineHandle, tag: string): Promise<boolean> {
  try {
    const stream = await engine.docker.pull(tag);
    await new Promise<void>((resolve, reject) => engine.docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())));
    return true;
  } catch {
    return false;
  }
}

/** The Debian mirror this machine's apt uses (deb822 `URIs:` or one-line `deb URL suite`). */
export function hostDebianMirror(): string {
  const texts: string[] = [];
  for (const dir of ['/etc/apt/sources.list.d']) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) texts.push(readFileSync(join(dir, name), 'utf8'));
  }
  if (existsSync('/etc/apt/sources.list')) texts.push(readFileSync('/etc/apt/sources.list', 'utf8'));
  return parseDebianMirror(texts.join('\n')) ?? 'http://deb.debian.org/debian';
}

export function parseDebianMirror(sources: string): string | undefined {
  for (const line of sources.split('\n')) {
    const uri = /^\s*URIs:\s*(\S+)/.exec(line) ?? /^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+\S+/.exec(line);
    if (uri?.[1] && !/security/.test(uri[1])) return uri[1];
  }
  return undefined;
}
