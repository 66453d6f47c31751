// `dockenstack ls`: the stacks on the engine (up, coming up, stopped) and the past runs in the
// reports folder, one line each: run id, profile, state (a run whose snapshot is kept says so), age.
import { Command } from 'commander';

export function lsCommand(): Command {
  return new Command('ls')
    .description('list the stacks dockenstack up made on this engine and the past runs in the reports folder')
    .option('--reports <dir>', 'where run folders are', 'reports')
    .action(async (options: { reports: string }) => {
      const [{ connectEngine }, { listUpStacks }, { readPastRuns, formatRunTable }, { snapshottedRuns }] = await Promise.all([
        import('../engine/engine.ts'),
        import('../gate/stacks-up.ts'),
        import('../gate/past-runs.ts'),
        import('../engine/snapshot-image.ts'),
      ]);
      const engine = await connectEngine();
      const stacks = await listUpStacks(engine);
      const snapshotted = await snapshottedRuns(engine);
      // A stack that is down but whose snapshot is kept comes back fast: `up` with its inputs.
      const past = (await readPastRuns(options.reports)).map((run) => (snapshotted.has(run.runId) ? { ...run, state: `${run.state}, snapshot kept` } : run));
      const now = Date.now();
      const rows = [
        ...stacks.map((s) => ({ runId: s.runId, profile: s.profile ?? '-', state: s.state, atMs: s.createdMs })),
        // A stack's own folder is the stack above, not a past run.
        ...past.filter((run) => !stacks.some((s) => s.runId === run.runId)),
      ];
      process.stdout.write(formatRunTable(rows, now));
    });
}
