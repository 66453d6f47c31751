// `dockenstack exec [RUN] -- CMD…`: a command inside a stack that is up, with the admin's
// credentials loaded (the openrc `up` put there), a terminal when one is attached, its exit code
// passed through.
import { Command } from 'commander';
import { UsageError } from '../errors.ts';

export function execCommand(): Command {
  return new Command('exec')
    .description("run a command in a stack that is up, as root with the admin's OS_* variables set; its exit code is dockenstack's")
    .argument('[words...]', '[RUN] -- CMD…: the stack (default: the only one up) and, after --, the command')
    .option('-i, --interactive', 'pass stdin to the command (on by default when stdin is a terminal)', false)
    .addHelpText('after', '\nExample: dockenstack exec -- openstack server list')
    .action(async (words: string[], options: { interactive: boolean }) => {
      const { runId, command } = splitWords(words, process.argv);
      const [{ connectEngine }, { findUpStack }, { execAttached }, { STACK_OPENRC }, { requireRunId }] = await Promise.all([
        import('../engine/engine.ts'),
        import('../gate/stacks-up.ts'),
        import('../engine/attached-exec.ts'),
        import('../gate/up-stack.ts'),
        import('../run/run-id.ts'),
      ]);
      if (runId !== undefined) requireRunId(runId, 'RUN');
      const engine = await connectEngine();
      const { stack } = await findUpStack(engine, runId);
      const terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
      // bash, not sh: DevStack's images and ours both have it, and `exec "$@"` keeps the words as given.
      const wrapped = ['bash', '-c', `. ${STACK_OPENRC} && exec "$@"`, 'dockenstack-exec', ...command];
      process.exitCode = await execAttached(engine, stack.containerId, wrapped, { tty: terminal, stdin: options.interactive || terminal });
    });
}

/**
 * [RUN] before `--`, the command after it. commander drops the `--` itself, so where it stood is
 * read from the process's own arguments.
 */
export function splitWords(words: readonly string[], argv: readonly string[]): { runId: string | undefined; command: string[] } {
  const dash = argv.indexOf('--', Math.max(0, argv.indexOf('exec')));
  if (dash < 0) throw new UsageError('the command goes after --', { where: 'exec', hint: 'dockenstack exec [RUN] -- openstack server list' });
  const command = argv.slice(dash + 1);
  const before = words.slice(0, words.length - command.length);
  if (!command.length) throw new UsageError('no command after --', { where: 'exec', hint: 'dockenstack exec [RUN] -- openstack server list' });
  if (before.length > 1) throw new UsageError(`one RUN before --, not ${before.length} words (${before.join(' ')})`, { where: 'exec' });
  return { runId: before[0], command };
}
