// Paths the user names, checked once at the edge: each bad one is a UsageError naming its option,
// before anything is built or written.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
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

/**
 * An earlier run's report folder (or `latest` under the reports folder): what a baseline or shard
 * timings are read from, so it must hold the run's subunit stream.
 */
export function resolveReportFolder(option: string, path: string, reportsDir = 'reports'): string {
  const dir = path === 'latest' ? resolve(reportsDir, 'latest') : resolve(path);
  if (!existsSync(join(dir, 'tempest.subunit'))) throw new UsageError(`${path} is not a report folder (no tempest.subunit in it)`, { where: option });
  return dir;
}

/** The reports folder must be creatable: an existing file in its place is refused up front. */
export function requireReportsDir(path: string): string {
  const absolute = resolve(path);
  if (existsSync(absolute) && !statSync(absolute).isDirectory()) {
    throw new UsageError(`${path} exists and is not a directory`, { where: '--reports' });
  }
  return absolute;
}
