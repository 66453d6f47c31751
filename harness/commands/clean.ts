// `dockenstack clean`: removes what dockenstack made on the engine, found by its labels, leaving
// live runs alone unless forced.
import { Command } from 'commander';

export function cleanCommand(): Command {
  return new Command('clean')
    .description('remove every container, volume, network and image dockenstack made (found by label), but those of live runs')
    .option('--run <id>', "only this run's resources")
    .option('--keep-images', 'keep the built images (a next gate then starts warm)', false)
    .option('--base', 'also remove the debootstrap base image (it takes a minute to remake)', false)
    .option('--force', "also remove live runs' resources (a gate still running, or one on another host)", false)
    .option('--dry-run', 'list what would be removed, and remove nothing', false)
    .action(async (options: { run?: string; keepImages: boolean; base: boolean; force: boolean; dryRun: boolean }) => {
      const [{ connectEngine }, { removeManaged }] = await Promise.all([import('../engine/engine.ts'), import('../engine/cleanup.ts')]);
      const engine = await connectEngine();
      const { removed, kept, failed } = await removeManaged(engine, {
        ...(options.run ? { runId: options.run } : {}),
        images: !options.keepImages,
        base: options.base,
        force: options.force,
        dryRun: options.dryRun,
      });
      const verb = options.dryRun ? 'would remove' : 'removed';
      for (const resource of removed) console.log(`${verb} ${resource.type} ${resource.name}${resource.runId ? ` (run ${resource.runId})` : ''}`);
      for (const { resource, reason } of kept) console.log(`left alone ${resource.type} ${resource.name}: ${reason}`);
      for (const { resource, reason } of failed) console.error(`dockenstack: could not remove ${resource.type} ${resource.name}: ${reason}`);
      console.log(removed.length ? `${removed.length} ${options.dryRun ? 'would be removed' : 'removed'}` : 'nothing to remove');
      if (failed.length) process.exitCode = 1;
    });
}
