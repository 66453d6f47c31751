// `dockenstack report SUBUNIT`: junit.xml and summary.md from a subunit stream.
import { Command } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import { requireReportsDir } from '../plan/gate-options.ts';
import { renderJunit } from '../report/junit.ts';
import { readResults } from '../report/read-results.ts';
import { renderSummary } from '../report/summary.ts';
import { reportableTests, totalsOf } from '../results/collect.ts';

export function reportCommand(): Command {
  return new Command('report')
    .description('turn a subunit v2 stream into junit.xml and summary.md')
    .argument('<subunit>', "the stream (a file, or - for stdin), e.g. what 'tempest run --subunit' wrote")
    .option('--out <dir>', 'where to write (default: reports/report-<time>)')
    .action(async (subunit: string, options: { out?: string }) => {
      const out = options.out ? requireReportsDir(options.out) : resolve('reports', `report-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      if (options.out === '') throw new UsageError('an empty folder name', { where: '--out' });
      const results = await readResults(subunit);
      await mkdir(out, { recursive: true });
      await writeFile(join(out, 'junit.xml'), renderJunit(results));
      await writeFile(join(out, 'summary.md'), renderSummary(results));
      const totals = totalsOf(reportableTests(results.tests));
      console.log(`${totals.total} tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped, ${totals.crashed} crashed, ${totals.notRun} not run`);
      console.log(`wrote ${join(out, 'junit.xml')} and ${join(out, 'summary.md')}`);
    });
}
