// `dockenstack clean`: removes what dockenstack made on the engine, found by its labels.
import { Command } from 'commander';

export function cleanCommand(): Command {
  return new Command('clean')
    .description('remove every container, volume, network and image dockenstack made (found by label)')
    .option('--run <id>', "only this run's resources")
    .option('--keep-images', 'keep the built images (a next gate then starts warm)', false)
    .option('--base', 'also remove the debootstrap base image (it takes a minute to remake)', false)
    .action(async (options: { run?: string; keepImages: boolean; base: boolean }) => {
      const [{ connectEngine }, { removeManaged }] = await Promise.all([import('../engine/engine.ts'), import('../engine/cleanup.ts')]);
      const engine = await connectEngine();
      const { removed, failed } = await removeManaged(engine, { ...(options.run ? { runId: options.run } : {}), images: !options.keepImages, base: options.base });
      for (const resource of removed) console.log(`removed ${resource.type} ${resource.name}${resource.runId ? ` (run ${resource.runId})` : ''}`);
      for (const { resource, reason } of failed) console.error(`dockenstack: could not remove ${resource.type} ${resource.name}: ${reason}`);
      console.log(removed.length ? `${removed.length} removed` : 'nothing to remove');
      if (failed.length) process.exitCode = 1;
    });
}
