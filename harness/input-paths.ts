// Paths the user names, checked once at the edge: each bad one is a UsageError naming its option,
// before anything is built or written.
import { accessSync, constants, existsSync, readFileSync, statSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.ts';

export function requireDirectory(option: string, path: string): string {
  const absolute = resolve(path);
  if (!existsSync(absolute)) throw new UsageError(`${path} does not exist`, { where: option });
  if (!statSync(absolute).isDirectory()) throw new UsageError(`${path} is not a directory`, { where: option });
  return absolute;
}

export function requireFile(option: string, path: string): string {
  const absolute = resolve(path);
  if (!existsSync(absolute)) throw new UsageError(`${path} does not exist`, { where: option });
  if (!statSync(absolute).isFile()) throw new UsageError(`${path} is not a file`, { where: option });
  return absolute;
}

/** Far above any real input of ours (local.conf, filter and id lists: tens to hundreds of KiB). */
export const MAX_TEXT_INPUT_BYTES = 8 * 1024 * 1024;

/**
 * A text file the user names, read whole: a regular file of at most MAX_TEXT_INPUT_BYTES. A
 * device (/dev/zero would grow without bound), a FIFO (would block forever) or a huge file is
 * refused before it is opened, naming the option. `label` is how the message names the path.
 */
export function readTextInput(path: string, input: { readonly option: string; readonly what: string; readonly label?: string }): string {
  const label = input.label ?? path;
  if (!existsSync(path)) throw new UsageError(`${label} does not exist`, { where: input.option });
  const stat = statSync(path);
  if (!stat.isFile()) throw new UsageError(`${label} is not a regular file (${kindOf(stat)}): give ${input.what}`, { where: input.option });
  if (stat.size > MAX_TEXT_INPUT_BYTES) {
    throw new UsageError(`${label} is ${stat.size} bytes; ${input.what} is read only up to ${MAX_TEXT_INPUT_BYTES} bytes`, { where: input.option });
  }
  return readFileSync(path, 'utf8');
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

/**
 * An earlier run's report folder (or `latest` under the reports folder): what a baseline or shard
 * timings are read from, so it must hold the run's subunit stream.
 */
export function resolveReportFolder(option: string, path: string, reportsDir = 'reports'): string {
  const dir = path === 'latest' ? resolve(reportsDir, 'latest') : resolve(path);
  if (!existsSync(join(dir, 'tempest.subunit'))) throw new UsageError(`${path} is not a report folder (no tempest.subunit in it)`, { where: option });
  return dir;
}

/** System folders a report never belongs in (the folder itself or anything under it). */
const SYSTEM_TREES = ['/etc', '/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/boot', '/dev', '/proc', '/sys', '/run'];
/** Folders that hold others' things: a report goes in a folder of its own below them. */
const SHARED_ROOTS = ['/', '/var', '/home', '/opt', '/srv', '/mnt', '/media'];

/**
 * A folder to write reports in, checked before anything runs: not a file, not a system folder,
 * and writable (its nearest existing ancestor, when it does not exist yet). `option` is the
 * option that named it, for the message.
 */
export function requireReportsDir(path: string, option = '--reports'): string {
  const absolute = resolve(path);
  if (SHARED_ROOTS.includes(absolute) || SYSTEM_TREES.some((tree) => absolute === tree || absolute.startsWith(`${tree}/`))) {
    throw new UsageError(`${path} is a system folder: give a folder of the reports' own (e.g. ./reports)`, { where: option });
  }
  let existing = absolute;
  while (!existsSync(existing)) existing = dirname(existing);
  if (!statSync(existing).isDirectory()) {
    throw new UsageError(existing === absolute ? `${path} exists and is not a directory` : `${existing} is not a directory, so ${path} cannot be made`, { where: option });
  }
  try {
    accessSync(existing, constants.W_OK | constants.X_OK);
  } catch {
    throw new UsageError(`${existing === absolute ? path : existing} is not writable`, { where: option });
  }
  return absolute;
}
