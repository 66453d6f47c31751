// `dockenstack report SUBUNIT`: a report folder from a subunit stream, by the gate's own reporters.
import { Command } from 'commander';
import { resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import { requireReportsDir, resolveReportFolder } from '../input-paths.ts';
import { reportRun } from '../report/run-report.ts';
import { writeRunReport } from '../report/write-report.ts';
import { readResults } from '../results/read-results.ts';

export function reportCommand(): Command {
  return new Command('report')
    .description('turn a subunit v2 stream into junit.xml, summary.md, index.html and manifest.json (with a comparison when a baseline is given)')
    .argument('<subunit>', "the stream (a file, or - for stdin), e.g. what 'tempest run --subunit' wrote")
    .option('--out <dir>', 'where to write (default: reports/report-<time>)')
    .option('--baseline <dir>', "an earlier report folder (with its tempest.subunit) to compare with")
    .action(async (subunit: string, options: { out?: string; baseline?: string }) => {
      const out = options.out ? requireReportsDir(options.out) : resolve('reports', `report-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      if (options.out === '') throw new UsageError('an empty folder name', { where: '--out' });
      const baselineDir = options.baseline === undefined ? undefined : resolveReportFolder('--baseline', options.baseline);
      const report = await reportRun({
        results: await readResults(subunit),
        ...(baselineDir && options.baseline !== undefined ? { baseline: { dir: baselineDir, label: options.baseline } } : {}),
        pageTitle: `Tempest results: ${subunit}`,
      });
      await writeRunReport(report, out);
      const { totals } = report;
      console.log(`${totals.total} tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped, ${totals.crashed} crashed, ${totals.notRun} not run`);
      console.log(`wrote junit.xml, summary.md, index.html and manifest.json in ${out}`);
    });
}
