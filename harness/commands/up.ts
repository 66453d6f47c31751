// `dockenstack up`: the gate's line up to verify (plan → image → boot → stack → verify), then the
// stack stays up, its clouds.yaml and openrc outside the run folder. A failure or Ctrl-C on the way
// leaves nothing on the engine, as a gate's teardown does.
import { Command } from 'commander';
import type { GateOptions } from '../plan/gate-plan.ts';
import { DEFAULT_PROFILE, PROFILES } from '../plan/profiles.ts';
import { collect, localConfOptions } from './shared-options.ts';

export interface UpOptions {
  readonly profile: string;
  readonly localConf?: string;
  readonly set: readonly string[];
  readonly postConfig: readonly string[];
  readonly allowVirtDriver: readonly string[];
  readonly driverSrc?: string;
  readonly reports: string;
  readonly runId?: string;
  readonly timeout: readonly string[];
  readonly dryRun: boolean;
  readonly verbose: boolean;
  readonly fresh: boolean;
  readonly save: boolean;
  readonly horizon: boolean;
}

export function upCommand(): Command {
  return localConfOptions(
    new Command('up')
      .description("build the image and bring a stack up (the gate's stages to verify); it stays up, with clouds.yaml and openrc in ~/.local/state/dockenstack/stacks/<run-id>/")
      .option('--profile <name>', `stack profile: ${PROFILES.map((p) => p.name).join(', ')}`, DEFAULT_PROFILE),
  )
    .option('--horizon', "enable Horizon (enable_service horizon); up prints its URL (distro profiles)", false)
    .option('--driver-src <path>', 'a local nova driver package to install into the stack and use as compute_driver')
    .option('--reports <dir>', 'where run folders go', 'reports')
    .option('--run-id <id>', 'name the stack (default: time-based)')
    .option('--timeout <stage=minutes>', 'per-stage limit, e.g. stack=30 (repeatable; 0 = none)', collect, [])
    .option('--fresh', 'stack anew even when a snapshot of the same inputs exists (and replace that snapshot)', false)
    .option('--no-save', 'take no snapshot of a stack set up afresh (the engine commits the stacked container after verify)')
    .option('--dry-run', 'print the plan and stop', false)
    .option('--verbose', 'print every output line, even on a terminal', false)
    .addHelpText(
      'after',
      `
Exit codes: 0 the stack is up, 1 it did not come up (the report says why; nothing is left on the
engine), 2 bad input, 3 this machine cannot run a stack, 130 interrupted (nothing is left).

Snapshots: a stack set up afresh is committed as an image after verify (dockenstack-snapshot:KEY,
KEY a hash of the stack image's id, local.conf but its generated passwords, and --driver-src's
files); a later up with the same inputs starts a container from it and restarts the services
instead of stacking, with that stack's passwords. A changed input never matches. dockenstack
clean removes snapshots with the other images (--keep-images keeps them).`,
    )
    .action(async (options: UpOptions) => {
      const [{ buildGatePlan }, { runGate }, { chooseUpStart }] = await Promise.all([import('../plan/gate-plan.ts'), import('../gate/gate.ts'), import('../gate/up-start.ts')]);
      const gateOptions = gateOptionsOf(options);
      const plan = buildGatePlan(gateOptions);
      if (options.dryRun) {
        process.exitCode = await runGate(plan, { dryRun: true, verbose: options.verbose, mode: { kind: 'up' } });
        return;
      }
      const start = await chooseUpStart(plan, (passwords) => buildGatePlan({ ...gateOptions, runId: plan.runId, passwords }), options);
      console.error(`dockenstack: ${start.note}`);
      process.exitCode = await runGate(start.plan, { dryRun: false, verbose: options.verbose, mode: start.mode });
    });
}

/** The gate's options for a stack that stays up: no Tempest options, no --keep (up keeps what came up). */
function gateOptionsOf(options: UpOptions): GateOptions {
  return {
    ...options,
    concurrency: '2',
    voting: false,
    keep: false,
    retryFailed: '0',
    engine: [],
    includeList: [],
    excludeList: [],
    onlyRegressions: false,
    stayUp: true,
  };
}
