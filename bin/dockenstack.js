#!/usr/bin/env node
// The installed executable. It runs the TypeScript sources compiled by esbuild into a bundle (a
// chunk per lazily loaded part), kept under node_modules/.cache/dockenstack/ in a folder named
// after the sources' fingerprint (the path, size and mtime of each): a changed source gets a new
// bundle on the next run (about 0.1 s), so there is no build step to forget. Starting from the
// bundle takes a third of the time of loading each source through a TypeScript loader, which every
// command paid, and `report` on a large run is measured with it (bench/subunit).
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const sources = join(root, 'harness');
const cache = join(root, 'node_modules', '.cache', 'dockenstack');

function fingerprint() {
  const hash = createHash('sha256');
  const files = readdirSync(sources, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
  for (const file of files) {
    const { size, mtimeMs } = statSync(file);
    hash.update(`${file}\0${size}\0${mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

async function bundle(target) {
  // Built beside its final place and renamed into it, so that two commands starting at once
  // never load a half-written bundle: the second rename loses, harmlessly.
  const temporary = `${target}.${process.pid}.tmp`;
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(sources, 'cli.ts')],
    outdir: temporary,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    // Where the sources are (harness/project-root.ts): the bundle is elsewhere.
    define: { DOCKENSTACK_ROOT: JSON.stringify(root) },
    logLevel: 'error',
  });
  try {
    renameSync(temporary, target);
  } catch (error) {
    if (!existsSync(join(target, 'cli.js'))) throw error;
    rmSync(temporary, { recursive: true, force: true });
  }
  // Bundles of earlier sources, once a day old: a command started from one may still be running.
  for (const entry of readdirSync(cache)) {
    const path = join(cache, entry);
    if (path !== target && Date.now() - statSync(path).mtimeMs > 24 * 3600 * 1000) rmSync(path, { recursive: true, force: true });
  }
}

const target = join(cache, fingerprint());
let entry = join(target, 'cli.js');
if (!existsSync(entry)) {
  try {
    mkdirSync(cache, { recursive: true });
    // Asked first: on a read-only mount the cache folder may exist, and esbuild's own error for
    // the failed write carries no code to recognise it by.
    accessSync(cache, constants.W_OK);
    await bundle(target);
  } catch (error) {
    // A checkout this user cannot write to: the sources through tsx's loader, slower to start.
    // Node 20's recursive mkdir reports a read-only mount as ENOENT when a parent is missing.
    if (!['EACCES', 'EPERM', 'EROFS', 'ENOENT'].includes(error?.code)) throw error;
    const { register } = await import('tsx/esm/api');
    register();
    entry = join(sources, 'cli.ts');
  }
}
await import(pathToFileURL(entry).href);
