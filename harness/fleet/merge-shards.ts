// Several shards' report folders as one run: their subunit streams read together into one
// junit.xml, summary.md, index.html, tempest.subunit and verdict. `dockenstack merge` and
// `gate --engine` (which merges the shards it spread) both end here.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { readTextInput } from '../input-paths.ts';
import { stackCameUp } from '../run/stages.ts';
import { findProfile } from '../plan/profiles.ts';
import { createRedactor } from '../report/redact.ts';
import { writeRedactedSubunit } from '../report/redact-results.ts';
import { reportRun } from '../report/run-report.ts';
import { writeRunReport } from '../report/write-report.ts';
import { reportableTests } from '../results/collect.ts';
import { readResults } from '../results/read-results.ts';
import type { RunResults, Totals } from '../results/model.ts';
import { loadKnownFailures, type KnownFailure } from '../selection/known-failures.ts';
import { DEFAULT_THRESHOLD, type Verdict } from '../verdict/verdict.ts';

/**
 * The part of a gate's manifest.json a merge reads. A shard without stage records (an older or
 * hand-made folder) is taken at its word: its stack came up.
 */
interface ShardManifest {
  readonly profile?: string;
  readonly stages?: readonly { name: string; status: string }[];
  /** `notRun`: the shard's selected tests that never ran (a manifest from before it said has none). */
  readonly verdict?: { voting?: boolean; threshold?: number; notRun?: unknown };
  /** Which shard of how many the folder is (a gate's `--shard I/N`). */
  readonly selection?: { shard?: { index?: unknown; count?: unknown } | null } | null;
}

export interface MergedReport {
  readonly totals: Totals;
  readonly verdict: Verdict;
  /** Shards whose stack never came up (their tests are missing from the totals). */
  readonly shardsWithoutStack: readonly string[];
}

export interface MergeOptions {
  readonly voting: boolean;
  readonly threshold?: number;
  /** Instead of the shards' profile's list (`merge --known-failures`, as `report` takes one). */
  readonly knownFailures?: readonly KnownFailure[];
  readonly title?: string;
  /** An earlier run's report folder to compare the merged run with (never each shard alone). */
  readonly baselineDir?: string;
  /** With a baseline: a voting verdict fails only on new failures. */
  readonly onlyRegressions?: boolean;
  /** The later folders rerun tests of the earlier ones: a test in several takes its last result. */
  readonly retries?: boolean;
}

export async function mergeShardReports(folders: readonly string[], out: string, options: MergeOptions): Promise<MergedReport> {
  for (const folder of folders) {
    if (!existsSync(join(folder, 'manifest.json'))) throw new UsageError(`${folder} has no manifest.json: it is no report folder a gate, merge or report made`, { where: 'DIR' });
  }
  // A shard whose stack never came up has a manifest but no stream: it counts against the verdict.
  const withStreams = folders.filter((folder) => existsSync(join(folder, 'tempest.subunit')));
  const streams = withStreams.map((folder) => join(folder, 'tempest.subunit'));
  const manifests = folders.map((folder) => readManifest(folder));
  const parts: RunResults[] = [];
  for (const stream of streams) parts.push(await readResults(stream));
  const overlap = options.retries ? undefined : findOverlap(parts);
  if (overlap) {
    throw new UsageError(`${overlap.id} is in both ${withStreams[overlap.first]} and ${withStreams[overlap.second]}: shards run disjoint tests`, {
      where: 'DIR',
      hint: 'if the later folders rerun tests of the earlier ones, add --retries: a test then takes its last result',
    });
  }
  const merged = mergeResults(parts);
  // A shard's selected tests that never ran are not in its stream: its manifest names them, and
  // they count against the merged verdict as they did against the shard's own.
  const notRun = manifests.flatMap((manifest) => (Array.isArray(manifest.verdict?.notRun) ? manifest.verdict.notRun.filter((id): id is string => typeof id === 'string') : []));
  const selected = [...new Set([...reportableTests(merged.tests).map((test) => test.id), ...notRun])];

  const profile = manifests.find((m) => m.profile)?.profile;
  const knownFailures = options.knownFailures ?? (profile ? loadKnownFailures(join(findProfile(profile).filtersDir, 'known-failures.txt')) : []);
  const shardsWithoutStack = folders.filter((folder, i) => !stackCameUp(manifests[i]?.stages ?? []) || !existsSync(join(folder, 'tempest.subunit')));
  const title = options.title ?? `dockenstack: ${folders.length} shards merged${profile ? ` (${profile})` : ''}`;
  // Merged shards carry no secrets of their own run: the credential shapes are masked.
  const redact = createRedactor([]);
  const report = await reportRun({
    results: merged,
    redact,
    stackUp: shardsWithoutStack.length === 0,
    selected,
    missingParts: missingShards(manifests),
    policy: {
      knownFailures,
      voting: options.voting,
      threshold: options.threshold ?? manifests[0]?.verdict?.threshold ?? DEFAULT_THRESHOLD,
      onlyRegressions: Boolean(options.onlyRegressions),
    },
    ...(options.baselineDir === undefined ? {} : { baseline: { dir: options.baselineDir, label: options.baselineDir } }),
    title,
    pageTitle: title,
    environment: { ...(profile ? { profile } : {}), shards: folders, shardsWithoutStack },
  });
  await writeRunReport(report, out, { stepSummary: true });
  // Subunit v2 streams concatenate into a valid stream: the merged folder can itself be a
  // baseline (--baseline) or the timings of the next sharded run (--timings).
  // Each masked on the way, as a gate masks its own.
  await writeFile(join(out, 'tempest.subunit'), '');
  for (const stream of streams) await writeRedactedSubunit(stream, join(out, 'tempest.subunit'), redact, true);
  if (!report.verdict) throw new Error('a merged report always has a verdict');
  return { totals: report.totals, verdict: report.verdict, shardsWithoutStack };
}

/**
 * The shards of an `I/N` split that no folder is: a CI job that died before writing its report
 * leaves no folder, and `merge reports/shard-*` would otherwise judge the others alone.
 */
export function missingShards(manifests: readonly ShardManifest[]): string[] {
  const shards = manifests.flatMap((manifest) => {
    const shard = manifest.selection?.shard;
    return shard && Number.isInteger(shard.index) && Number.isInteger(shard.count) ? [{ index: Number(shard.index), count: Number(shard.count) }] : [];
  });
  const count = Math.max(0, ...shards.map((shard) => shard.count));
  const present = new Set(shards.map((shard) => shard.index));
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !present.has(index));
  return missing.length ? [`${missing.length > 1 ? 'shards' : 'shard'} ${missing.join(', ')} of ${count} missing: no report folder was merged for ${missing.length > 1 ? 'them' : 'it'}, so none of ${missing.length > 1 ? 'their' : 'its'} tests ran here`] : [];
}

/** A test (not a class fixture, which every shard of a class runs) in two parts, and which two. */
export function findOverlap(parts: readonly RunResults[]): { id: string; first: number; second: number } | undefined {
  const partOf = new Map<string, number>();
  for (const [index, part] of parts.entries()) {
    for (const test of part.tests) {
      if (test.fixture) continue;
      const first = partOf.get(test.id);
      if (first !== undefined && first !== index) return { id: test.id, first, second: index };
      partOf.set(test.id, index);
    }
  }
  return undefined;
}

/** Shards run disjoint tests: their results add up; a test in two (retries) keeps its last result. */
export function mergeResults(parts: readonly RunResults[]): RunResults {
  const byId = new Map<string, RunResults['tests'][number]>();
  for (const part of parts) for (const test of part.tests) byId.set(test.id, test);
  const starts = parts.map((p) => p.start).filter((t): t is number => t !== undefined);
  const ends = parts.map((p) => p.end).filter((t): t is number => t !== undefined);
  return {
    tests: [...byId.values()],
    text: parts.map((p) => p.text).join(''),
    textBytes: parts.reduce((sum, p) => sum + p.textBytes, 0),
    // Offsets stay those of each shard's own stream.
    damage: parts.flatMap((p) => p.damage ?? []),
    damageCount: parts.reduce((sum, p) => sum + (p.damageCount ?? 0), 0),
    start: starts.length ? Math.min(...starts) : undefined,
    end: ends.length ? Math.max(...ends) : undefined,
  };
}

function readManifest(folder: string): ShardManifest {
  const path = join(folder, 'manifest.json');
  if (!existsSync(path)) return {};
  // A shard's folder may come from another job's artifacts: a FIFO or a huge file is refused.
  const text = readTextInput(path, { option: 'DIR', what: 'a manifest' });
  try {
    return JSON.parse(text) as ShardManifest;
  } catch {
    throw new UsageError(`${path} is not valid JSON`, { where: 'DIR' });
  }
}
