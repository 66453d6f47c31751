// `dockenstack report SUBUNIT`: junit.xml and summary.md from a subunit stream.
import { Command } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import { compareRuns, comparisonProperties, renderComparison } from '../compare/compare-runs.ts';
import { requireReportsDir, resolveReportFolder } from '../plan/gate-options.ts';
import { renderHtmlPieces } from '../report/html.ts';
import { renderJunitPieces } from '../report/junit.ts';
import { writePieces } from '../report/write-pieces.ts';
import { readBaselineTests, readResults } from '../report/read-results.ts';
import { renderSummary } from '../report/summary.ts';
import { reportableTests, totalsOf } from '../results/collect.ts';

export function reportCommand(): Command {
  return new Command('report')
    .description('turn a subunit v2 stream into junit.xml, summary.md and index.html (with a comparison when a baseline is given)')
    .argument('<subunit>', "the stream (a file, or - for stdin), e.g. what 'tempest run --subunit' wrote")
    .option('--out <dir>', 'where to write (default: reports/report-<time>)')
    .option('--baseline <dir>', "an earlier report folder (with its tempest.subunit) to compare with")
    .action(async (subunit: string, options: { out?: string; baseline?: string }) => {
      const out = options.out ? requireReportsDir(options.out) : resolve('reports', `report-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      if (options.out === '') throw new UsageError('an empty folder name', { where: '--out' });
      const baselineDir = options.baseline === undefined ? undefined : resolveReportFolder('--baseline', options.baseline);
      const results = await readResults(subunit);
      const comparison = baselineDir ? compareRuns(await readBaselineTests(baselineDir), reportableTests(results.tests)) : undefined;
      await mkdir(out, { recursive: true });
      writePieces(join(out, 'junit.xml'), renderJunitPieces(results, comparison ? { properties: comparisonProperties(comparison) } : {}));
      const sections = comparison ? [renderComparison(comparison, options.baseline ?? '')] : [];
      await writeFile(join(out, 'summary.md'), renderSummary(results, { sections }));
      const baseline = options.baseline ?? '';
      writePieces(join(out, 'index.html'), renderHtmlPieces(results, { title: `Tempest results: ${subunit}`, comparison: comparison && { baseline, ...comparison } }));
      const totals = totalsOf(reportableTests(results.tests));
      console.log(`${totals.total} tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped, ${totals.crashed} crashed, ${totals.notRun} not run`);
      console.log(`wrote junit.xml, summary.md and index.html in ${out}`);
    });
}
