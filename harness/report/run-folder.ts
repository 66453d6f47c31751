// The report folder of one run: reports/<run-id>/ with logs/ and config/, and reports/latest
// pointing at the newest run. Every file written here goes through the run's Redactor.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Redactor } from './redact.ts';

export interface RunFolder {
  readonly root: string;
  readonly logsDir: string;
  readonly configDir: string;
  path(...parts: string[]): string;
  /** Writes a text file (relative to the root), redacted. */
  writeText(relativePath: string, text: string): Promise<string>;
  /** A line-at-a-time log under logs/, redacted, constant memory. */
  openLog(name: string): LineLog;
}

export interface LineLog {
  readonly path: string;
  write(line: string): void;
  close(): Promise<void>;
}

export async function createRunFolder(reportsDir: string, runId: string, redact: Redactor): Promise<RunFolder> {
  const root = resolve(reportsDir, runId);
  const logsDir = join(root, 'logs');
  const configDir = join(root, 'config');
  await mkdir(logsDir, { recursive: true });
  await mkdir(configDir, { recursive: true });
  return {
    root,
    logsDir,
    configDir,
    path: (...parts) => join(root, ...parts),
    async writeText(relativePath, text) {
      const target = join(root, relativePath);
      await mkdir(resolve(target, '..'), { recursive: true });
      await writeFile(target, redact(text));
      return target;
    },
    openLog(name) {
      return openLineLog(join(logsDir, name), redact);
    },
  };
}

function openLineLog(path: string, redact: Redactor): LineLog {
  const stream: WriteStream = createWriteStream(path, { flags: 'a' });
  return {
    path,
    write(line) {
      stream.write(`${redact(line)}\n`);
    },
    close() {
      return new Promise((done) => stream.end(done));
    },
  };
}

/** Points reports/latest at the run folder; replaced atomically so readers never see it missing. */
export async function markLatest(reportsDir: string, runId: string): Promise<void> {
  const latest = resolve(reportsDir, 'latest');
  const temporary = `${latest}.${process.pid}.tmp`;
  await rm(temporary, { force: true });
  await symlink(runId, temporary, 'dir');
  await rename(temporary, latest);
}
