// How an `up` starts: from the snapshot of its inputs when there is one (planned again with that
// snapshot's passwords), else by stacking afresh, and whether it then saves a snapshot.
import { connectEngine } from '../engine/engine.ts';
import type { GatePlan } from '../plan/gate-plan.ts';
import type { PasswordVariable } from '../plan/passwords.ts';
import type { UpMode } from './gate.ts';
import { findPlanSnapshot, snapshotPasswords, snapshots } from './stack-snapshot.ts';

export interface UpStart {
  readonly plan: GatePlan;
  readonly mode: UpMode;
  /** What the user is told of the choice (stderr). */
  readonly note: string;
}

export async function chooseUpStart(
  plan: GatePlan,
  replan: (passwords: Readonly<Record<PasswordVariable, string>>) => GatePlan,
  options: { readonly fresh: boolean; readonly save: boolean },
): Promise<UpStart> {
  if (!snapshots(plan)) return { plan, mode: { kind: 'up' }, note: `the ${plan.profile.name} profile's stacks are not snapshotted: stacking` };
  const save = options.save;
  if (options.fresh) return { plan, mode: { kind: 'up', save }, note: `--fresh: stacking anew${save ? ', then replacing the snapshot of these inputs' : ''}` };
  const engine = await connectEngine();
  const snapshot = await findPlanSnapshot(engine, plan);
  if (!snapshot) return { plan, mode: { kind: 'up', save }, note: `no snapshot of these inputs: stacking afresh${save ? ', then saving one' : ''}` };
  return {
    plan: replan(await snapshotPasswords(engine, plan, snapshot)),
    mode: { kind: 'up', snapshot },
    note: `snapshot ${snapshot.tag} matches these inputs (image, local.conf, driver): starting from it`,
  };
}
