// What a run brings out of its container reaches the report folder masked, and only masked: the
// raw copy lands in a scratch folder outside it, so a run stopped half-way (Ctrl-C, a lost
// engine, a full disk) leaves nothing unmasked where the reports are published.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { RunningContainer } from '../engine/container.ts';
import type { Redactor } from '../report/redact.ts';
import { copyRedactedFile, copyRedactedTree } from '../report/redact-files.ts';

/** A container's file into `targetDir` under its own name, or a folder's contents into `targetDir`, masked. */
export async function copyOutMasked(container: RunningContainer, containerPath: string, targetDir: string, redact: Redactor): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'dockenstack-copy-'));
  try {
    await container.copyOut(containerPath, scratch);
    const name = basename(containerPath);
    const copied = join(scratch, name);
    if ((await stat(copied)).isDirectory()) await copyRedactedTree(copied, targetDir, redact);
    else await copyRedactedFile(copied, join(targetDir, name), redact);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
