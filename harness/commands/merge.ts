// `dockenstack merge DIR…`: the reports of several shards as one run (harness/fleet/merge-shards.ts).
import { Command } from 'commander';
import { resolve } from 'node:path';
import { requireDirectory, requireFile, requireReportsDir, resolveReportFolder } from '../input-paths.ts';
import { mergeShardReports } from '../fleet/merge-shards.ts';
import { parseThreshold, requireBaselineForRegressions } from '../plan/gate-options.ts';
import { loadKnownFailures } from '../selection/known-failures.ts';
import { paletteFor } from '../progress/colour.ts';
import { failedCountText } from '../verdict/verdict.ts';

export function mergeCommand(): Command {
  return new Command('merge')
    .description("merge shards' report folders into one report and one verdict, as if one run had made them")
    .argument('<dirs...>', 'report folders of the shards (each with tempest.subunit and manifest.json)')
    .option('--out <dir>', 'where to write the merged report', 'reports/merged')
    .option('--voting', 'a failed verdict exits 1', false)
    .option('--baseline <dir>', "an earlier run's report folder to compare the merged run with")
    .option('--only-regressions', 'with --baseline: fail a voting verdict only on regressions since it', false)
    .option('--threshold <rate>', "relax the verdict: the pass rate that suffices (90, 90% or 0.9); default: the first shard's")
    .option('--known-failures <file>', "a known-failures list instead of the shards' profile's")
    .option('--retries', 'the later folders rerun tests of the earlier ones: a test in several takes its last result (else overlapping folders are refused)', false)
    .action(async (dirs: string[], options: { out: string; voting: boolean; baseline?: string; onlyRegressions: boolean; retries: boolean; threshold?: string; knownFailures?: string }) => {
      requireBaselineForRegressions(options.onlyRegressions, options.baseline);
      const folders = dirs.map((dir) => requireDirectory('DIR', dir));
      const out = requireReportsDir(options.out, '--out');
      const baselineDir = options.baseline === undefined ? undefined : resolveReportFolder('--baseline', options.baseline);
      const threshold = options.threshold === undefined ? undefined : parseThreshold(options.threshold);
      const knownFailures = options.knownFailures === undefined ? undefined : loadKnownFailures(requireFile('--known-failures', options.knownFailures));
      const { totals, verdict, shardsWithoutStack } = await mergeShardReports(folders, out, {
        voting: options.voting,
        retries: options.retries,
        ...(threshold === undefined ? {} : { threshold }),
        ...(knownFailures ? { knownFailures } : {}),
        ...(baselineDir ? { baselineDir, onlyRegressions: options.onlyRegressions } : {}),
      });
      for (const folder of shardsWithoutStack) console.error(`dockenstack: ${folder}: this shard's stack never came up; its tests are missing`);
      console.log(`${folders.length} shards: ${totals.total} tests, ${totals.passed} passed, ${failedCountText(totals.failed, verdict)}, ${totals.skipped} skipped; ${paletteFor(process.stdout).paint(verdict.passed ? 'PASSED' : 'FAILED', verdict.passed ? 'pass' : 'fail')}; wrote ${resolve(out)}`);
      process.exitCode = verdict.exitCode;
    });
}
