// `doctor --fix` as root with apt: install what a gate needs and start the engine, then wait for
// it to answer. The engine is started detached from this process, logging to DOCKERD_LOG, so it
// keeps running after doctor exits, as a service would.
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { EnvironmentError } from '../errors.ts';
import { finishOnHost, followLines, hostShell, startDetached } from '../host/host-process.ts';
import type { ProgressSink } from '../progress/progress-sink.ts';
import { DOCKERD_LOG, planFixes, type FixPlan, type MachineFacts } from './fix-plan.ts';

export interface FixProbes {
  /** The facts again: after apt-get update, apt knows which package holds the docker CLI. */
  readonly facts: () => Promise<MachineFacts>;
  readonly engineAnswers: () => Promise<boolean>;
}

const ENGINE_WAIT_MS = 60_000;

/** Applies the plan; returns what was done, one line each. */
export async function applyFixes(plan: FixPlan, probes: FixProbes, progress: ProgressSink): Promise<string[]> {
  const done: string[] = [];
  let packages = plan.packages;
  if (packages.length) {
    await onHost('apt-get update', ['apt-get', 'update', '-q'], progress);
    packages = planFixes(await probes.facts()).packages;
  }
  if (packages.length) {
    // -qq: dpkg's per-file progress would fill a CI log; errors still show.
    await onHost(`apt-get install ${packages.join(' ')}`, ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages], progress);
    done.push(`installed ${packages.join(', ')}`);
  }
  if (plan.startEngine && !(await probes.engineAnswers())) {
    if (plan.startEngine === 'systemctl') await onHost('systemctl start docker', ['systemctl', 'start', 'docker'], progress);
    else await startDockerd();
    await waitForEngine(probes.engineAnswers);
    done.push(plan.startEngine === 'systemctl' ? 'started docker (systemctl start docker)' : `started dockerd in the background (log: ${DOCKERD_LOG})`);
  }
  return done;
}

async function onHost(what: string, command: readonly string[], progress: ProgressSink): Promise<void> {
  progress.note(`fix: ${command.join(' ')}`);
  const $ = await hostShell({ env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const running = $`${command}`;
  followLines(running, (line) => progress.line(line));
  await finishOnHost(what, running);
}

async function startDockerd(): Promise<void> {
  const log = openSync(DOCKERD_LOG, 'a');
  try {
    // Detached: it is not ours to stop when doctor exits. It has the log open now, we need not.
    await startDetached(['dockerd'], { logFd: log, env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` } });
  } finally {
    closeSync(log);
  }
}

async function waitForEngine(engineAnswers: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + ENGINE_WAIT_MS;
  while (Date.now() < until) {
    if (await engineAnswers()) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const tail = existsSync(DOCKERD_LOG) ? readFileSync(DOCKERD_LOG, 'utf8').trim().split('\n').slice(-3).join(' | ') : 'no log';
  throw new EnvironmentError(`dockerd was started but did not answer within ${ENGINE_WAIT_MS / 1000} s: ${tail}`, { hint: `see ${DOCKERD_LOG}` });
}
