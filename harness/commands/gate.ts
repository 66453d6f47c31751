// `dockenstack gate`: the whole pipeline (see harness/gate/gate.ts).
import { availableParallelism } from 'node:os';
import { Command } from 'commander';
import { UsageError } from '../errors.ts';
import { defaultConcurrency } from '../plan/concurrency.ts';
import type { GateOptions } from '../plan/gate-plan.ts';
import { DEFAULT_PROFILE, PROFILES } from '../plan/profiles.ts';
import { collect, localConfOptions } from './shared-options.ts';

export function gateCommand(): Command {
  return localConfOptions(
    new Command('gate')
      .description('build the image, start the stack, run the Tempest subset, write reports/<run-id>/ and the verdict')
      .option('--profile <name>', `stack profile: ${PROFILES.map((p) => p.name).join(', ')}`, DEFAULT_PROFILE),
  )
    .option('--include-list <file>', "stestr include list; replaces the profile's (repeatable)", collect, [])
    .option('--exclude-list <file>', "stestr exclude list; adds to the profile's (repeatable)", collect, [])
    .option('--regex <regex>', "include regexes (split on whitespace, as tempest does); replaces the profile's include list")
    .option('--concurrency <n>', 'Tempest workers (when not given: one more than the cores of this machine, 2 to 8)', String(defaultConcurrency(availableParallelism())))
    .option('--voting', 'a failed verdict fails the job (exit 1); default: non-voting, exit 0 and say so', false)
    .option('--threshold <rate>', 'relax the verdict: the pass rate that suffices (90, 90% or 0.9); default: every counted test must pass')
    .option('--only-regressions', 'with --baseline: fail a voting gate only on new failures', false)
    .option('--keep', 'keep the container after the run (for a look inside)', false)
    .option('--dry-run', 'print the plan (image inputs, local.conf, selection, commands) and stop', false)
    .option('--json', 'with --dry-run: print the plan as one JSON document on stdout (schemaVersion 1, see the README)', false)
    .option('--driver-src <path>', 'a local nova driver package to install into the stack and use as compute_driver')
    .option('--reports <dir>', 'where run folders go', 'reports')
    .option('--baseline <dir>', "an earlier run's report folder (or 'latest') to compare with")
    .option('--retry-failed <n>', 'rerun failed tests up to N times; a test that then passes is flaky', '0')
    .option('--shard <I/N>', 'run the I-th of N disjoint parts of the selection')
    .option('--timings <dir>', "an earlier run's report folder (or 'latest') whose test times split the shards, balance Tempest's workers and estimate the time left (default for the workers and the estimate: the newest run of the profile in --reports; with none, the workers are balanced by the profile's tempest-filters/<profile>/timings.txt when it ships one)")
    .option('--engine <host>', 'spread the shards over engines: one shard per engine, all at once, then one merged report (unix:///path or tcp://host:port; repeatable)', collect, [])
    .option('--timeout <stage=minutes>', 'per-stage limit, e.g. stack=30 (repeatable; 0 = none)', collect, [])
    .option('--run-id <id>', 'name the run (default: time-based)')
    .option('--verbose', 'print every output line, even on a terminal', false)
    .addHelpText(
      'after',
      `
Exit codes: 0 passed (or non-voting), 1 a voting gate failed, 2 bad input, 3 this machine cannot
run a gate, 130 interrupted. Ctrl-C stops what runs in the container, removes it (unless --keep),
writes the report so far; a second Ctrl-C exits at once.`,
    )
    .action(async (options: GateOptions & { verbose: boolean; json: boolean }, command: Command) => {
      // A gate's results are its report folder's manifest.json; only the plan is printed as JSON.
      if (options.json && !options.dryRun) throw new UsageError("needs --dry-run (a run's results are in its report folder's manifest.json)", { where: '--json' });
      // Loaded when the gate runs: the engine client is most of the CLI's start-up time.
      const [{ buildGatePlan }, { runGate }, { spreadOverEngines, OPTIONS_THE_FLEET_SETS }] = await Promise.all([import('../plan/gate-plan.ts'), import('../gate/gate.ts'), import('../fleet/spread.ts')]);
      const plan = buildGatePlan(options);
      if (plan.engines.length > 1 && !options.dryRun) {
        process.exitCode = await spreadOverEngines(plan, userOptions(command, OPTIONS_THE_FLEET_SETS));
        return;
      }
      // One engine is simply where this gate runs.
      if (plan.engines[0]) process.env.DOCKER_HOST = plan.engines[0];
      process.exitCode = await runGate(plan, { dryRun: options.dryRun, verbose: options.verbose, json: options.json });
    });
}

/** The options the user gave on the command line (defaults left out), as `--name=value` words. */
export function userOptions(command: Command, leaveOut: readonly string[]): string[] {
  const values = command.opts<Record<string, unknown>>();
  const words: string[] = [];
  for (const option of command.options) {
    const key = option.attributeName();
    if (!option.long || leaveOut.includes(option.long) || command.getOptionValueSource(key) !== 'cli') continue;
    const value = values[key];
    if (value === true) words.push(option.long);
    else if (Array.isArray(value)) for (const item of value) words.push(`${option.long}=${String(item)}`);
    else if (typeof value === 'string') words.push(`${option.long}=${value}`);
  }
  return words;
}
