// `dockenstack open [RUN]`: the path of a run's index.html (the latest run's without RUN), opened
// in the desktop's browser when there is a desktop to open it on.
import { Command } from 'commander';
import { existsSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeError, UsageError } from '../errors.ts';
import { startDetached } from '../host/host-process.ts';
import { requireDirectory } from '../input-paths.ts';
import { listRuns } from '../report/run-list.ts';

export function openCommand(): Command {
  return new Command('open')
    .description("print the path of a run's index.html (the latest run's without RUN) and, on a desktop (DISPLAY or WAYLAND_DISPLAY set, or macOS), open it with xdg-open or open")
    .argument('[run]', "a run id of the reports folder, 'latest', or a report folder's path")
    .option('--reports <dir>', 'the reports folder', 'reports')
    .action(async (run: string | undefined, options: { reports: string }) => {
      const page = await reportPage(run, options.reports);
      console.log(page);
      const opener = desktopOpener(process.platform, process.env);
      if (!opener) return;
      // The browser is the desktop's, not ours: we print the path and exit while it opens.
      await startDetached([opener, page]).catch((error: unknown) => console.error(`dockenstack: could not run ${opener}: ${describeError(error)}`));
    });
}

/** The program that opens a file on this desktop; undefined where there is no desktop (a server, CI). */
export function desktopOpener(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (platform === 'darwin') return 'open';
  return env.DISPLAY || env.WAYLAND_DISPLAY ? 'xdg-open' : undefined;
}

async function reportPage(run: string | undefined, reports: string): Promise<string> {
  const listing = `dockenstack runs${reports === 'reports' ? '' : ` --reports ${reports}`} lists them`;
  const dir = requireDirectory('--reports', reports);
  const folder = run === undefined || run === 'latest' ? await latestFolder(dir) : existsSync(join(dir, run)) ? join(dir, run) : existsSync(resolve(run)) ? resolve(run) : undefined;
  if (folder === undefined) {
    throw new UsageError(`${run === undefined || run === 'latest' ? `no runs in ${dir}` : `no run '${run}' in ${dir}`}: ${listing}`);
  }
  const page = join(folder, 'index.html');
  if (!existsSync(page)) throw new UsageError(`${folder} has no index.html (a run still going, or one stopped before its report): ${listing}`);
  return page;
}

/** reports/latest when the gate marked one, else the newest run with a readable manifest. */
async function latestFolder(dir: string): Promise<string | undefined> {
  if (existsSync(join(dir, 'latest', 'index.html'))) return realpathSync(join(dir, 'latest'));
  return (await listRuns(dir)).find((run) => run.problem === undefined)?.dir;
}
