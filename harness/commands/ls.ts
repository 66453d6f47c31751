// `dockenstack ls`: the stacks on the engine (up, coming up, stopped) and the past runs in the
// reports folder, one line each: run id, profile, state, age.
import { Command } from 'commander';

export function lsCommand(): Command {
  return new Command('ls')
    .description('list the stacks dockenstack up made on this engine and the past runs in the reports folder')
    .option('--reports <dir>', 'where run folders are', 'reports')
    .action(async (options: { reports: string }) => {
      const [{ connectEngine }, { listUpStacks }, { readPastRuns, formatRunTable }] = await Promise.all([import('../engine/engine.ts'), import('../gate/stacks-up.ts'), import('../gate/past-runs.ts')]);
      const engine = await connectEngine();
      const stacks = await listUpStacks(engine);
      const past = await readPastRuns(options.reports);
      const now = Date.now();
      const rows = [
        ...stacks.map((s) => ({ runId: s.runId, profile: s.profile ?? '-', state: s.state, atMs: s.createdMs })),
        // A stack's own folder is the stack above, not a past run.
        ...past.filter((run) => !stacks.some((s) => s.runId === run.runId)),
      ];
      process.stdout.write(formatRunTable(rows, now));
    });
}
