// `gate --engine A --engine B …`: one shard of the selection per engine, at the same time. Each
// shard is a whole gate of its own (a child `dockenstack gate --shard I/N` with DOCKER_HOST set to
// its engine), so a shard builds, stacks, tests and cleans up exactly as a single gate does; this
// module only starts them, prefixes their output, passes Ctrl-C on, and merges their reports into
// reports/<run-id>/ with one verdict.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '../errors.ts';
import { guardInterrupts } from '../gate/interrupts.ts';
import { describeProcessFailure, followLines, hostShell } from '../host/host-process.ts';
import type { GatePlan } from '../plan/gate-plan.ts';
import { PROJECT_ROOT } from '../project-root.ts';
import { markLatest } from '../report/run-folder.ts';
import { mergeShardReports } from './merge-shards.ts';
import { paletteFor } from '../progress/colour.ts';
import { failedCountText } from '../verdict/verdict.ts';

interface ShardProcess {
  readonly label: string;
  readonly engine: string;
  readonly folder: string;
  /** Passes a signal on to the shard's gate, which stops and cleans up as a gate does. */
  readonly signal: (signal: NodeJS.Signals) => void;
  readonly exited: Promise<number>;
}

/**
 * Runs the plan's shards on its engines. `forwarded` are the user's own gate options (without
 * OPTIONS_THE_FLEET_SETS), given to every shard as they were typed. The baseline is compared once, with the merged run: that is the report a
 * reader opens, and the verdict that counts.
 */
export async function spreadOverEngines(plan: GatePlan, forwarded: readonly string[]): Promise<number> {
  const count = plan.engines.length;
  const runFolder = join(plan.output.reportsDir, plan.runId);
  const shardsDir = join(runFolder, 'shards');
  console.error(`dockenstack gate ${plan.runId}: ${count} shards on ${count} engines, merged report in ${runFolder}`);

  const shards = await Promise.all(plan.engines.map((engine, i) => startShard(engine, i + 1, count, plan.runId, shardsDir, forwarded)));
  const interrupts = guardInterrupts((signal) => {
    // The first Ctrl-C: each shard stops what runs in its container and writes its report so
    // far. A second: each shard exits at once, as this process does.
    for (const shard of shards) shard.signal(signal);
  });
  let codes: number[];
  try {
    codes = await Promise.all(shards.map((shard) => shard.exited));
  } finally {
    interrupts.dispose();
  }

  shards.forEach((shard, i) => {
    const code = codes[i];
    if (code !== ExitCode.ok) console.error(`dockenstack: ${shard.label} on ${shard.engine} ended with exit ${code}${existsSync(shard.folder) ? `; its report: ${shard.folder}` : ''}`);
  });
  const folders = shards.filter((shard) => existsSync(shard.folder)).map((shard) => shard.folder);
  if (folders.length === 0) {
    console.error('dockenstack: no shard wrote a report: nothing to merge');
    return worstExit(codes, ExitCode.gateFailed);
  }
  const merged = await mergeShardReports(folders, runFolder, {
    voting: plan.verdict.voting,
    threshold: plan.verdict.threshold,
    title: `dockenstack gate ${plan.runId}: ${count} shards on ${count} engines (${plan.profile.name})`,
    ...(plan.verdict.baselineDir ? { baselineDir: plan.verdict.baselineDir, onlyRegressions: plan.verdict.onlyRegressions } : {}),
  });
  await markLatest(plan.output.reportsDir, plan.runId).catch(() => {});
  const { totals, verdict } = merged;
  const missing = count - folders.length;
  console.error(
    `dockenstack: ${count} shards merged${missing ? ` (${missing} without a report)` : ''}: ${totals.total} tests, ${totals.passed} passed, ${failedCountText(totals.failed, verdict)}, ${totals.skipped} skipped; ` +
      `${paletteFor(process.stderr).paint(verdict.passed ? 'PASSED' : 'FAILED', verdict.passed ? 'pass' : 'fail')}${verdict.voting ? '' : ' (non-voting)'}; report in ${runFolder}`,
  );
  const stackMissing = merged.shardsWithoutStack.length > 0 || missing > 0;
  return worstExit(codes, stackMissing ? ExitCode.gateFailed : verdict.exitCode);
}

/** Interrupted beats a lost engine beats the verdict: the most urgent reason a run ended. */
function worstExit(codes: readonly number[], verdictExit: number): number {
  if (codes.includes(ExitCode.interrupted)) return ExitCode.interrupted;
  if (codes.includes(ExitCode.environment)) return ExitCode.environment;
  return verdictExit;
}

/** What the fleet sets for each shard itself: a user's value of these is not forwarded. */
export const OPTIONS_THE_FLEET_SETS = ['--engine', '--shard', '--run-id', '--reports', '--baseline', '--only-regressions'] as const;

async function startShard(engine: string, index: number, count: number, runId: string, shardsDir: string, forwarded: readonly string[]): Promise<ShardProcess> {
  const shardRunId = `${runId}-shard${index}of${count}`;
  const label = `shard ${index}/${count}`;
  // Its own process group: a terminal's Ctrl-C reaches the shards once, through us.
  const $ = await hostShell({ env: { ...process.env, DOCKER_HOST: engine }, detached: true });
  const bin = join(PROJECT_ROOT, 'bin', 'dockenstack.js');
  const running = $`${process.execPath} ${bin} gate ${forwarded} ${`--shard=${index}/${count}`} ${`--run-id=${shardRunId}`} ${`--reports=${shardsDir}`}`.nothrow();
  followLines(running, (line) => process.stderr.write(`[${label}] ${line}\n`));
  const exited = running.then(
    (output) => output.exitCode ?? (output.signal ? ExitCode.interrupted : 1),
    async (error: unknown) => {
      process.stderr.write(`[${label}] could not start: ${await describeProcessFailure(error)}\n`);
      return ExitCode.environment;
    },
  );
  return { label, engine, folder: join(shardsDir, shardRunId), signal: (signal) => running.child?.kill(signal), exited };
}
