// Several shards' report folders as one run: their subunit streams read together into one
// junit.xml, summary.md, index.html, tempest.subunit and verdict. `dockenstack merge` and
// `gate --engine` (which merges the shards it spread) both end here.
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { compareRuns, comparisonProperties, renderComparison } from '../compare/compare-runs.ts';
import { UsageError } from '../errors.ts';
import { stackCameUp } from '../gate/stage-outcome.ts';
import { findProfile } from '../plan/profiles.ts';
import { renderHtmlPieces } from '../report/html.ts';
import { renderJunitPieces } from '../report/junit.ts';
import { writePieces } from '../report/write-pieces.ts';
import { readBaselineTests, readResults } from '../report/read-results.ts';
import { appendStepSummary } from '../report/step-summary.ts';
import { renderSummary } from '../report/summary.ts';
import { reportableTests, totalsOf } from '../results/collect.ts';
import type { RunResults, Totals } from '../results/model.ts';
import { loadKnownFailures } from '../selection/known-failures.ts';
import { DEFAULT_THRESHOLD, judge, renderVerdict, type Verdict } from '../verdict/verdict.ts';

/**
 * The part of a gate's manifest.json a merge reads. A shard without stage records (an older or
 * hand-made folder) is taken at its word: its stack came up.
 */
interface ShardManifest {
  readonly profile?: string;
  readonly stages?: readonly { name: string; status: string }[];
  readonly verdict?: { voting?: boolean; threshold?: number };
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
  readonly title?: string;
  /** An earlier run's report folder to compare the merged run with (never each shard alone). */
  readonly baselineDir?: string;
  /** With a baseline: a voting verdict fails only on new failures. */
  readonly onlyRegressions?: boolean;
}

export async function mergeShardReports(folders: readonly string[], out: string, options: MergeOptions): Promise<MergedReport> {
  for (const folder of folders) {
    if (!existsSync(join(folder, 'tempest.subunit')) && !existsSync(join(folder, 'manifest.json'))) {
      throw new UsageError(`${folder} has no tempest.subunit nor manifest.json: is it a gate's report folder?`, { where: 'DIR' });
    }
  }
  // A shard whose stack never came up has a manifest but no stream: it counts against the verdict.
  const streams = folders.map((folder) => join(folder, 'tempest.subunit')).filter((stream) => existsSync(stream));
  const manifests = folders.map((folder) => readManifest(folder));
  const parts: RunResults[] = [];
  for (const stream of streams) parts.push(await readResults(stream));
  const merged = mergeResults(parts);

  const profile = manifests.find((m) => m.profile)?.profile;
  const known = profile ? loadKnownFailures(join(findProfile(profile).filtersDir, 'known-failures.txt')) : [];
  const shardsWithoutStack = folders.filter((folder, i) => !stackCameUp(manifests[i]?.stages ?? []) || !existsSync(join(folder, 'tempest.subunit')));
  const tests = reportableTests(merged.tests);
  const comparison = options.baselineDir === undefined ? undefined : compareRuns(await readBaselineTests(options.baselineDir), tests);
  const verdict = judge({
    selected: tests.map((t) => t.id),
    results: tests,
    knownFailures: known,
    stackUp: shardsWithoutStack.length === 0,
    voting: options.voting,
    threshold: options.threshold ?? manifests[0]?.verdict?.threshold ?? DEFAULT_THRESHOLD,
    onlyRegressions: Boolean(options.onlyRegressions) && comparison !== undefined,
    regressions: comparison?.newFailures ?? [],
  });
  const sections = comparison ? [renderComparison(comparison, options.baselineDir ?? '')] : [];

  await mkdir(out, { recursive: true });
  const verdictBlock = renderVerdict(verdict);
  const title = options.title ?? `dockenstack: ${folders.length} shards merged${profile ? ` (${profile})` : ''}`;
  writePieces(join(out, 'junit.xml'), renderJunitPieces(merged, { properties: { shards: String(folders.length), verdict: verdict.passed ? 'passed' : 'failed', ...(comparison ? comparisonProperties(comparison) : {}) } }));
  const summary = renderSummary(merged, { title, verdictBlock, sections });
  await writeFile(join(out, 'summary.md'), summary);
  const knownFailures = verdict.knownFailed.map(({ id, known }) => ({ id, reason: known.reason }));
  const baseline = options.baselineDir ?? '';
  writePieces(join(out, 'index.html'), renderHtmlPieces(merged, { title, verdictBlock, knownFailures, comparison: comparison && { baseline, ...comparison } }));
  // Subunit v2 streams concatenate into a valid stream: the merged folder can itself be a
  // baseline (--baseline) or the timings of the next sharded run (--timings).
  const combined = createWriteStream(join(out, 'tempest.subunit'));
  for (const stream of streams) await pipeline(createReadStream(stream), combined, { end: false });
  await new Promise<void>((resolve, reject) => combined.end((error?: Error | null) => (error ? reject(error) : resolve())));
  const totals = totalsOf(tests);
  await writeFile(
    join(out, 'manifest.json'),
    `${JSON.stringify({ shards: folders, profile: profile ?? null, totals, shardsWithoutStack, comparison: comparison ? { baseline: options.baselineDir, ...comparisonProperties(comparison) } : null, verdict: { passed: verdict.passed, passRate: verdict.passRate, voting: options.voting } }, null, 2)}\n`,
  );
  await appendStepSummary(summary);
  return { totals, verdict, shardsWithoutStack };
}

/** Shards run disjoint tests: their results add up; a test in two shards keeps its last result. */
export function mergeResults(parts: readonly RunResults[]): RunResults {
  const byId = new Map<string, RunResults['tests'][number]>();
  for (const part of parts) for (const test of part.tests) byId.set(test.id, test);
  const starts = parts.map((p) => p.start).filter((t): t is number => t !== undefined);
  const ends = parts.map((p) => p.end).filter((t): t is number => t !== undefined);
  return {
    tests: [...byId.values()],
    text: parts.map((p) => p.text).join(''),
    textBytes: parts.reduce((sum, p) => sum + p.textBytes, 0),
    start: starts.length ? Math.min(...starts) : undefined,
    end: ends.length ? Math.max(...ends) : undefined,
  };
}

function readManifest(folder: string): ShardManifest {
  const path = join(folder, 'manifest.json');
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as ShardManifest;
  } catch {
    throw new UsageError(`${path} is not valid JSON`, { where: 'DIR' });
  }
}
