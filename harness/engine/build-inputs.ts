// An image's tag is a hash of everything that goes into its build: every file of the context
// (path, mode, content) and the build arguments. An unchanged build is then a tag lookup.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface BuildInputs {
  readonly files: readonly { path: string; mode: number; sha256: string }[];
  readonly buildArgs: Readonly<Record<string, string>>;
}

export async function readBuildInputs(contextDir: string, buildArgs: Readonly<Record<string, string>>): Promise<BuildInputs> {
  const files: { path: string; mode: number; sha256: string }[] = [];
  for (const absolute of await listFiles(contextDir)) {
    const info = await stat(absolute);
    files.push({
      path: relative(contextDir, absolute).split(sep).join('/'),
      // Only the executable bit reaches the image's behaviour; umask differences must not.
      mode: info.mode & 0o111 ? 0o755 : 0o644,
      sha256: createHash('sha256').update(await readFile(absolute)).digest('hex'),
    });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, buildArgs };
}

export function hashBuildInputs(inputs: BuildInputs): string {
  const hash = createHash('sha256');
  for (const file of inputs.files) hash.update(`file\0${file.path}\0${file.mode}\0${file.sha256}\n`);
  for (const key of Object.keys(inputs.buildArgs).sort()) hash.update(`arg\0${key}\0${inputs.buildArgs[key]}\n`);
  return hash.digest('hex').slice(0, 16);
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else if (entry.isFile() || entry.isSymbolicLink()) out.push(path);
  }
  return out;
}
