// `dockenstack down [RUN]`: removes a stack that `up` made (its container and volumes), and
// nothing else: not its image, not another run's things.
import { Command } from 'commander';
import { UsageError } from '../errors.ts';

export function downCommand(): Command {
  return new Command('down')
    .description('remove a stack that dockenstack up made (default: the only one); its images and other runs stay')
    .argument('[run]', 'the stack to remove')
    .action(async (runId: string | undefined) => {
      const [{ connectEngine }, { listUpStacks }, { removeManaged }, { credentialsDirOf }, { requireRunId }, { rm }] = await Promise.all([
        import('../engine/engine.ts'),
        import('../gate/stacks-up.ts'),
        import('../engine/cleanup.ts'),
        import('../run/credentials-dir.ts'),
        import('../run/run-id.ts'),
        import('node:fs/promises'),
      ]);
      if (runId !== undefined) requireRunId(runId, 'RUN');
      const engine = await connectEngine();
      const stacks = await listUpStacks(engine);
      const target = runId ?? onlyStack(stacks.map((s) => s.runId));
      if (!stacks.some((s) => s.runId === target)) {
        throw new UsageError(`no stack ${target} that dockenstack up made on this engine`, {
          where: 'RUN',
          hint: stacks.length ? `stacks: ${stacks.map((s) => s.runId).join(', ')}` : 'a gate\'s leftovers go with dockenstack clean --run RUN',
        });
      }
      // Forced: a stack that is up is a live run, and removing it is what was asked.
      const { removed, failed } = await removeManaged(engine, { runId: target, images: false, force: true });
      for (const resource of removed) console.log(`removed ${resource.type} ${resource.name}`);
      // Its credentials name a stack that is gone: they go with it.
      await rm(credentialsDirOf(target), { recursive: true, force: true });
      for (const { resource, reason } of failed) console.error(`dockenstack: could not remove ${resource.type} ${resource.name}: ${reason}`);
      console.log(`stack ${target} is down`);
      if (failed.length) process.exitCode = 1;
    });
}

function onlyStack(runIds: readonly string[]): string {
  if (runIds.length === 1) return runIds[0] as string;
  if (!runIds.length) throw new UsageError('no stack is up on this engine', { hint: 'dockenstack ls lists stacks and past runs' });
  throw new UsageError(`${runIds.length} stacks: name one`, { where: 'RUN', hint: runIds.join(', ') });
}
