// The stacks `up` left up on an engine, found by their labels, and the one a command means: the
// run it names, or the only one there is.
import { attachContainer, type RunningContainer } from '../engine/container.ts';
import { listManaged, type ManagedResource } from '../engine/cleanup.ts';
import type { EngineHandle } from '../engine/engine.ts';
import { ownerState } from '../engine/run-owner.ts';
import { UsageError } from '../errors.ts';

/** `coming up`: its `up` still runs; `up`: it runs on its own; `stopped`: its container does not run. */
export type UpStackState = 'coming up' | 'up' | 'stopped';

export interface UpStack {
  readonly runId: string;
  readonly containerId: string;
  readonly containerName: string;
  readonly profile: string | undefined;
  readonly state: UpStackState;
  readonly createdMs: number | undefined;
}

export function upStackOf(resource: ManagedResource): UpStack | undefined {
  if (resource.type !== 'container' || !resource.stayUp || !resource.runId) return undefined;
  const running = resource.state === 'running';
  const state: UpStackState = !running ? 'stopped' : resource.owner && ownerState(resource.owner) === 'live' ? 'coming up' : 'up';
  return { runId: resource.runId, containerId: resource.id, containerName: resource.name, profile: resource.profile, state, createdMs: resource.createdMs };
}

export async function listUpStacks(engine: EngineHandle): Promise<UpStack[]> {
  const containers = (await listManaged(engine)).filter((r) => r.type === 'container');
  return containers.flatMap((c) => upStackOf(c) ?? []).sort((a, b) => (a.createdMs ?? 0) - (b.createdMs ?? 0));
}

/** The stack a command is about, running: RUN when given, else the only stack that is up. */
export async function findUpStack(engine: EngineHandle, runId: string | undefined): Promise<{ stack: UpStack; container: RunningContainer }> {
  const stacks = await listUpStacks(engine);
  const up = stacks.filter((s) => s.state === 'up');
  let stack: UpStack | undefined;
  if (runId !== undefined) {
    stack = stacks.find((s) => s.runId === runId);
    if (!stack) throw new UsageError(`no stack ${runId} on this engine`, { where: 'RUN', hint: up.length ? `stacks that are up: ${up.map((s) => s.runId).join(', ')}` : 'start one with dockenstack up' });
    if (stack.state !== 'up') throw new UsageError(`stack ${runId} is ${stack.state}`, { where: 'RUN', hint: stack.state === 'stopped' ? `remove it with dockenstack down ${runId}` : 'wait for its dockenstack up to finish' });
  } else {
    if (!up.length) throw new UsageError('no stack is up on this engine', { hint: 'start one with dockenstack up' });
    if (up.length > 1) throw new UsageError(`${up.length} stacks are up: name one`, { where: 'RUN', hint: up.map((s) => s.runId).join(', ') });
    stack = up[0] as UpStack;
  }
  const container = await attachContainer(engine, stack.containerId);
  if (!container) throw new UsageError(`stack ${stack.runId}'s container ${stack.containerName} does not run`, { hint: `remove it with dockenstack down ${stack.runId}` });
  return { stack, container };
}
