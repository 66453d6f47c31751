// `dockenstack runs`: the runs of a reports folder, newest first, from each run's manifest.json;
// a folder whose manifest is missing or damaged is listed as such. `--json` prints one document.
import { Command } from 'commander';
import { formatDuration } from '../gate/stage-runner.ts';
import { requireDirectory } from '../input-paths.ts';
import { paletteFor, type Palette } from '../progress/colour.ts';
import { printable } from '../progress/terminal-text.ts';
import { listRuns, type ListedRun } from '../report/run-list.ts';

export function runsCommand(): Command {
  return new Command('runs')
    .description('list the runs in the reports folder, newest first: run id, verdict, profile, passed/failed/skipped, start time, duration')
    .option('--reports <dir>', 'the reports folder', 'reports')
    .option('--json', 'print one JSON document on stdout (schemaVersion 1, see the README)', false)
    .action(async (options: { reports: string; json: boolean }) => {
      const dir = requireDirectory('--reports', options.reports);
      const runs = await listRuns(dir);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(runsDocument(dir, runs), null, 2)}\n`);
        return;
      }
      if (!runs.length) {
        console.log(`no runs in ${dir}`);
        return;
      }
      process.stdout.write(formatRunTable(runs, paletteFor(process.stdout)));
    });
}

export interface RunsDocument {
  readonly schemaVersion: 1;
  readonly reportsDir: string;
  readonly runs: readonly {
    readonly id: string;
    readonly dir: string;
    readonly problem: string | null;
    readonly verdict: 'passed' | 'failed' | null;
    readonly voting: boolean | null;
    readonly profile: string | null;
    readonly passed: number | null;
    readonly failed: number | null;
    readonly knownFailed: number | null;
    readonly skipped: number | null;
    readonly startedAt: string | null;
    readonly seconds: number | null;
  }[];
}

export function runsDocument(reportsDir: string, runs: readonly ListedRun[]): RunsDocument {
  return {
    schemaVersion: 1,
    reportsDir,
    runs: runs.map((run) => ({
      id: run.id,
      dir: run.dir,
      problem: run.problem ?? null,
      verdict: run.verdict,
      voting: run.voting,
      profile: run.profile,
      passed: run.passed,
      failed: run.failed,
      knownFailed: run.knownFailed,
      skipped: run.skipped,
      startedAt: run.startedAt,
      seconds: run.seconds,
    })),
  };
}

const HEADINGS = ['RUN', 'VERDICT', 'PROFILE', 'PASSED', 'FAILED', 'SKIPPED', 'STARTED (UTC)', 'DURATION'];

/** Columns padded to their widest cell (measured before colouring); a damaged run's problem in place of its columns. */
export function formatRunTable(runs: readonly ListedRun[], palette: Palette): string {
  // A manifest's strings and a folder's name are shown printable: a hostile one could drive the terminal.
  const rows = runs.map((run) =>
    run.problem !== undefined
      ? [printable(run.id), 'damaged']
      : [printable(run.id), run.verdict ?? '-', printable(run.profile ?? '-'), count(run.passed), failedCell(run), count(run.skipped), run.startedAt ? printable(run.startedAt.slice(0, 19).replace('T', ' ')) : '-', run.seconds === null ? '-' : formatDuration(run.seconds * 1000)],
  );
  const widths = HEADINGS.map((heading, column) => Math.max(heading.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: readonly string[], tone?: (cell: string, column: number) => string) =>
    cells
      .map((cell, column) => (tone ? tone(cell.padEnd(widths[column] ?? 0), column) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [line(HEADINGS)];
  runs.forEach((run, index) => {
    const row = rows[index] ?? [];
    if (run.problem !== undefined) {
      out.push(`${line(row, (cell, column) => (column === 1 ? palette.paint(cell, 'warn') : cell))}  ${printable(run.problem)}`);
      return;
    }
    out.push(line(row, (cell, column) => (column === 1 && run.verdict ? palette.paint(cell, run.verdict === 'passed' ? 'pass' : 'fail') : column === 4 && (run.failed ?? 0) > (run.knownFailed ?? 0) ? palette.paint(cell, 'fail') : cell)));
  });
  return `${out.join('\n')}\n`;
}

/** Failures with the known ones among them said, as the summary says them: `6 (1 known)`. */
function failedCell(run: ListedRun): string {
  return run.knownFailed ? `${count(run.failed)} (${run.knownFailed} known)` : count(run.failed);
}

function count(value: number | null): string {
  return value === null ? '-' : String(value);
}
