// The gate's command-line options, parsed once into typed values. Every bad value is a
// UsageError naming the option, so nothing is built on input that cannot work.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import type { StageName } from '../gate/stage-outcome.ts';

export const TIMED_STAGES = ['image', 'boot', 'stack', 'verify', 'tempest', 'collect'] as const satisfies readonly StageName[];
export type TimedStage = (typeof TIMED_STAGES)[number];

/** Minutes. Cold image builds on two cores take ~10 min; a full distro Tempest run ~40. */
export const DEFAULT_TIMEOUT_MINUTES: Readonly<Record<TimedStage, number>> = {
  image: 45,
  boot: 5,
  stack: 45,
  verify: 10,
  tempest: 120,
  collect: 10,
};

export function parsePositiveInteger(option: string, text: string, { max }: { max: number }): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`'${text}' is not a whole number`, { where: option });
  const value = Number(text);
  if (value < 1 || value > max) throw new UsageError(`${value} is out of range (1 to ${max})`, { where: option });
  return value;
}

export function parseNonNegativeInteger(option: string, text: string, { max }: { max: number }): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`'${text}' is not a whole number`, { where: option });
  const value = Number(text);
  if (value > max) throw new UsageError(`${value} is out of range (0 to ${max})`, { where: option });
  return value;
}

/** `90`, `90%` or `0.9` → 0.9. */
export function parseThreshold(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(text.trim());
  if (!match) throw new UsageError(`'${text}' is not a pass rate (use 90, 90% or 0.9)`, { where: '--threshold' });
  const number = Number(match[1]);
  const rate = match[2] === '%' || number > 1 ? number / 100 : number;
  if (rate < 0 || rate > 1) throw new UsageError(`'${text}' is not between 0 and 100 %`, { where: '--threshold' });
  return rate;
}

/** `--timeout stack=30 --timeout tempest=90`: minutes per stage; 0 disables a stage's limit. */
export function parseTimeouts(specs: readonly string[]): Record<TimedStage, number> {
  const minutes: Record<TimedStage, number> = { ...DEFAULT_TIMEOUT_MINUTES };
  for (const spec of specs) {
    const match = /^([a-z]+)=(\d+(?:\.\d+)?)$/.exec(spec);
    if (!match) throw new UsageError(`'${spec}' is not STAGE=MINUTES (e.g. stack=30)`, { where: '--timeout' });
    const stage = match[1] as TimedStage;
    if (!TIMED_STAGES.includes(stage)) {
      throw new UsageError(`unknown stage '${match[1]}'`, { where: '--timeout', hint: `stages with a timeout: ${TIMED_STAGES.join(', ')}` });
    }
    minutes[stage] = Number(match[2]);
  }
  return minutes;
}

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
