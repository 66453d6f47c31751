// The command line: commands and their options, nothing else. Each command lives in
// harness/commands/<name>.ts and returns a commander Command; errors become exit codes here.
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanCommand } from './commands/clean.ts';
import { doctorCommand } from './commands/doctor.ts';
import { gateCommand } from './commands/gate.ts';
import { localconfCommand } from './commands/localconf.ts';
import { mergeCommand } from './commands/merge.ts';
import { openCommand } from './commands/open.ts';
import { reportCommand } from './commands/report.ts';
import { runsCommand } from './commands/runs.ts';
import { selectCommand } from './commands/select.ts';
import { upCommand } from './commands/up.ts';
import { downCommand } from './commands/down.ts';
import { execCommand } from './commands/exec.ts';
import { lsCommand } from './commands/ls.ts';
import { tempestCommand } from './commands/tempest.ts';
import { DockenstackError, ExitCode, describeError } from './errors.ts';
import { PROJECT_ROOT } from './project-root.ts';

/** package.json's version: the one place it is written. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

const program = new Command('dockenstack')
  .description('Run an OpenStack gate: a stack in a privileged container, a Tempest subset, JUnit and a verdict.')
  .version(packageVersion(), '-V, --version', 'print the version (from package.json) and exit')
  .showHelpAfterError('(run with --help for usage)')
  .addHelpText('after', '\nColour: on a terminal, none when piped. NO_COLOR=1 turns it off; FORCE_COLOR=1 turns it on even when piped\n(and wins over NO_COLOR); FORCE_COLOR=0 turns it off. --json output is never coloured.')
  .exitOverride();

for (const command of [gateCommand(), upCommand(), lsCommand(), execCommand(), tempestCommand(), downCommand(), doctorCommand(), localconfCommand(), selectCommand(), reportCommand(), mergeCommand(), runsCommand(), openCommand(), cleanCommand()]) {
  // addCommand does not pass these on: without them a subcommand's parse error exits with 1.
  program.addCommand(command.exitOverride().showHelpAfterError('(run with --help for usage)'));
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    await program.parseAsync(argv as string[]);
    return process.exitCode === undefined ? ExitCode.ok : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; every other parse error is a usage error.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    console.error(`dockenstack: ${describeError(error)}`);
    return error instanceof DockenstackError ? error.exitCode : 1;
  }
}

process.exitCode = await main(process.argv);
// An engine connection the gate is done with (an interrupted exec's stream, a keep-alive socket)
// must not hold the process open: once the work is done, exit shortly whatever is still open.
setTimeout(() => process.exit(), 2000).unref();
