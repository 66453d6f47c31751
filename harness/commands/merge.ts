// `dockenstack merge DIR…`: the reports of several shards as one run: their subunit streams read
// together into one junit.xml, summary.md and index.html, and one verdict over all of them.
import { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import { requireDirectory, requireReportsDir } from '../plan/gate-options.ts';
import { renderHtmlReport } from '../report/html.ts';
import { renderJunit } from '../report/junit.ts';
import { readResults } from '../report/read-results.ts';
import { appendStepSummary } from '../report/step-summary.ts';
import { renderSummary } from '../report/summary.ts';
import { reportableTests, totalsOf } from '../results/collect.ts';
import type { RunResults } from '../results/model.ts';
import { judge, renderVerdict } from '../verdict/verdict.ts';
import { loadKnownFailures } from '../selection/known-failures.ts';
import { findProfile } from '../plan/profiles.ts';

interface ShardManifest {
  readonly profile?: string;
  readonly selection?: { selected?: number | null };
  readonly verdict?: { voting?: boolean; threshold?: number };
}

export function mergeCommand(): Command {
  return new Command('merge')
    .description("merge shards' report folders into one report and one verdict, as if one run had made them")
    .argument('<dirs...>', 'report folders of the shards (each with tempest.subunit and manifest.json)')
    .option('--out <dir>', 'where to write the merged report', 'reports/merged')
    .option('--voting', 'a failed verdict exits 1', false)
    .action(async (dirs: string[], options: { out: string; voting: boolean }) => {
      const folders = dirs.map((dir) => requireDirectory('DIR', dir));
      const manifests: ShardManifest[] = [];
      const parts: RunResults[] = [];
      for (const folder of folders) {
        const stream = join(folder, 'tempest.subunit');
        if (!existsSync(stream)) throw new UsageError(`${folder} has no tempest.subunit: is it a gate's report folder?`, { where: 'DIR' });
        parts.push(await readResults(stream));
        manifests.push(existsSync(join(folder, 'manifest.json')) ? (JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as ShardManifest) : {});
      }
      const merged = mergeResults(parts);
      const profile = manifests.find((m) => m.profile)?.profile;
      const known = profile ? loadKnownFailures(join(findProfile(profile).filtersDir, 'known-failures.txt')) : [];
      const tests = reportableTests(merged.tests);
      const verdict = judge({ selected: tests.map((t) => t.id), results: tests, knownFailures: known, stackUp: true, voting: options.voting, threshold: manifests[0]?.verdict?.threshold ?? 0.9 });
      const out = requireReportsDir(options.out);
      await mkdir(out, { recursive: true });
      const verdictBlock = renderVerdict(verdict);
      const title = `dockenstack: ${folders.length} shards merged${profile ? ` (${profile})` : ''}`;
      await writeFile(join(out, 'junit.xml'), renderJunit(merged, { properties: { shards: String(folders.length), verdict: verdict.passed ? 'passed' : 'failed' } }));
      const summary = renderSummary(merged, { title, verdictBlock });
      await writeFile(join(out, 'summary.md'), summary);
      await writeFile(join(out, 'index.html'), renderHtmlReport(merged, { title, verdictBlock }));
      const totals = totalsOf(tests);
      await writeFile(join(out, 'manifest.json'), `${JSON.stringify({ shards: folders, profile: profile ?? null, totals, verdict: { passed: verdict.passed, passRate: verdict.passRate } }, null, 2)}\n`);
      await appendStepSummary(summary);
      console.log(`${folders.length} shards: ${totals.total} tests, ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped; ${verdict.passed ? 'PASSED' : 'FAILED'}; wrote ${resolve(out)}`);
      process.exitCode = verdict.exitCode;
    });
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
