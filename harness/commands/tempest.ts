// `dockenstack tempest [RUN] [selection]`: Tempest against a stack that is up, through the gate's
// own tempest, collect and report stages: a report folder and a verdict as a gate's, and the stack
// stays up. The fast loop for a changed test list or driver.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { Command } from 'commander';
import { defaultConcurrency } from '../plan/concurrency.ts';
import { parseRunOptions, type GateOptions } from '../plan/gate-plan.ts';
import { collect } from './shared-options.ts';

interface TempestOptions {
  readonly includeList: readonly string[];
  readonly excludeList: readonly string[];
  readonly regex?: string;
  readonly concurrency: string;
  readonly voting: boolean;
  readonly threshold?: string;
  readonly onlyRegressions: boolean;
  readonly reports: string;
  readonly baseline?: string;
  readonly retryFailed: string;
  readonly timeout: readonly string[];
  readonly runId?: string;
  readonly verbose: boolean;
}

export function tempestCommand(): Command {
  return new Command('tempest')
    .description("run Tempest against a stack that is up (default: the only one): a report folder and a verdict as a gate's; the stack stays up")
    .argument('[run]', 'the stack')
    .option('--include-list <file>', "stestr include list; replaces the profile's (repeatable)", collect, [])
    .option('--exclude-list <file>', "stestr exclude list; adds to the profile's (repeatable)", collect, [])
    .option('--regex <regex>', "include regexes (split on whitespace, as tempest does); replaces the profile's include list")
    .option('--concurrency <n>', 'Tempest workers (when not given: one more than the cores of this machine, 2 to 8, as gate)', String(defaultConcurrency(availableParallelism())))
    .option('--voting', 'a failed verdict fails the command (exit 1)', false)
    .option('--threshold <rate>', 'relax the verdict: the pass rate that suffices (90, 90% or 0.9)')
    .option('--only-regressions', 'with --baseline: fail a voting run only on new failures', false)
    .option('--reports <dir>', 'where run folders go', 'reports')
    .option('--baseline <dir>', "an earlier run's report folder (or 'latest') to compare with")
    .option('--retry-failed <n>', 'rerun failed tests up to N times; a test that then passes is flaky', '0')
    .option('--timeout <stage=minutes>', 'per-stage limit, e.g. tempest=30 (repeatable; 0 = none)', collect, [])
    .option('--run-id <id>', 'name this run (default: RUN.tempest-<time>)')
    .option('--verbose', 'print every output line, even on a terminal', false)
    .action(async (runId: string | undefined, options: TempestOptions) => {
      // Options that cannot work are refused before the engine is asked for the stack (exit 2), as gate refuses them.
      parseRunOptions(options);
      const [{ connectEngine }, { findUpStack }, { buildGatePlan }, { runGate }, { DEFAULT_PROFILE, findProfile }, { requireRunId, tempestRunIdOf }] = await Promise.all([
        import('../engine/engine.ts'),
        import('../gate/stacks-up.ts'),
        import('../plan/gate-plan.ts'),
        import('../gate/gate.ts'),
        import('../plan/profiles.ts'),
        import('../run/run-id.ts'),
      ]);
      // The stack's id is refused before the engine is asked too (the plan checks the selection again, with the stack's profile).
      if (runId !== undefined) requireRunId(runId, 'RUN');
      const engine = await connectEngine();
      const { stack, container } = await findUpStack(engine, runId);
      // Every stack `up` makes carries its profile's label; one without is taken for the default's.
      const profile = findProfile(stack.profile ?? DEFAULT_PROFILE);
      // The stack's own local.conf, passwords and all: the report shows it and masks them.
      const scratch = await mkdtemp(join(tmpdir(), 'dockenstack-tempest-'));
      try {
        await container.copyOut(profile.kind.localConfPath, scratch);
        const localConf = join(scratch, profile.kind.localConfPath.split('/').at(-1) ?? 'local.conf');
        const gateOptions: GateOptions = {
          ...options,
          profile: profile.name,
          localConf,
          set: [],
          postConfig: [],
          allowVirtDriver: [],
          keep: true,
          dryRun: false,
          engine: [],
          runId: options.runId ?? tempestRunIdOf(stack.runId),
        };
        const plan = buildGatePlan(gateOptions);
        process.exitCode = await runGate(plan, { dryRun: false, verbose: options.verbose, mode: { kind: 'tempest', container, stackRunId: stack.runId } });
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    });
}
