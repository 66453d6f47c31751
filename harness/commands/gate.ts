// `dockenstack gate`: the whole pipeline (see harness/gate/gate.ts).
import { Command } from 'commander';
import { runGate } from '../gate/gate.ts';
import { buildGatePlan, type GateOptions } from '../plan/gate-plan.ts';
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
    .option('--concurrency <n>', 'Tempest workers', '2')
    .option('--voting', 'a failed verdict fails the job (exit 1); default: non-voting, exit 0 and say so', false)
    .option('--threshold <rate>', 'pass rate a voting gate needs (90, 90% or 0.9)', '90')
    .option('--only-regressions', 'with --baseline: fail a voting gate only on new failures', false)
    .option('--keep', 'keep the container after the run (for a look inside)', false)
    .option('--dry-run', 'print the plan (image inputs, local.conf, selection, commands) and stop', false)
    .option('--driver-src <path>', 'a local nova driver package to install into the stack and use as compute_driver')
    .option('--reports <dir>', 'where run folders go', 'reports')
    .option('--baseline <dir>', "an earlier run's report folder (or 'latest') to compare with")
    .option('--retry-failed <n>', 'rerun failed tests up to N times; a test that then passes is flaky', '0')
    .option('--shard <I/N>', 'run the I-th of N disjoint parts of the selection')
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
    .action(async (options: GateOptions & { verbose: boolean }) => {
      const plan = buildGatePlan(options);
      process.exitCode = await runGate(plan, { dryRun: options.dryRun, verbose: options.verbose });
    });
}
