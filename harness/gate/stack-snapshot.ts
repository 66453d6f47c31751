// `up`'s snapshots: the key of a plan's stack, the snapshot of that key, and the passwords that
// snapshot's stack was set up with. A stack is defined by the image it runs (its id), its
// local.conf but the passwords generated for its run, and the driver source it installs: the
// key hashes the three, so a change of any never reuses a snapshot. The passwords are not part
// of the key but of the snapshot (they are in its databases and configs): an `up` from it plans
// with them, so its clouds.yaml, openrc and masking are the snapshot's own.
import { createHash } from 'node:crypto';
import { hashBuildInputs, readBuildInputs } from '../engine/build-inputs.ts';
import { stageBuildContext } from '../engine/build-context.ts';
import type { EngineHandle } from '../engine/engine.ts';
import { imageExists } from '../engine/engine.ts';
import { imageTagOf } from '../engine/image-build.ts';
import { findSnapshot, readImageFile, type SnapshotImage } from '../engine/snapshot-image.ts';
import { localrcValue, parseLocalrc } from '../localconf/localrc.ts';
import { parseLocalConf } from '../localconf/parse.ts';
import { EnvironmentError } from '../errors.ts';
import type { GatePlan } from '../plan/gate-plan.ts';
import { PASSWORD_VARIABLES, type PasswordVariable } from '../plan/passwords.ts';

export interface SnapshotInputs {
  readonly imageId: string;
  /** local.conf, the run's generated passwords masked (StackPlan.inputsConf). */
  readonly inputsConf: string;
  /** The hash of the driver source's files, when one is installed. */
  readonly driverHash: string | undefined;
}

export function snapshotKeyOf(inputs: SnapshotInputs): string {
  const hash = createHash('sha256');
  hash.update(`image\0${inputs.imageId}\n`);
  hash.update(`driver\0${inputs.driverHash ?? ''}\n`);
  hash.update(`local.conf\0${inputs.inputsConf}`);
  return hash.digest('hex').slice(0, 24);
}

/** The key of the plan's stack on the image `imageId`. */
export async function snapshotKey(plan: GatePlan, imageId: string): Promise<string> {
  const { driverSrc, inputsConf } = plan.stack;
  const driverHash = driverSrc === undefined ? undefined : hashBuildInputs(await readBuildInputs(driverSrc, {}));
  return snapshotKeyOf({ imageId, inputsConf, driverHash });
}

/** Whether the plan's kind of stack can start from a snapshot at all. */
export function snapshots(plan: GatePlan): boolean {
  return plan.stack.kind.restartCommand !== undefined;
}

/**
 * The snapshot the plan's stack can start from: its image is built already (its id is in the
 * key) and a snapshot of that key exists.
 */
export async function findPlanSnapshot(engine: EngineHandle, plan: GatePlan): Promise<SnapshotImage | undefined> {
  if (!snapshots(plan)) return undefined;
  const { image } = plan.stack;
  const context = await stageBuildContext(image.contextDir, image.checkout);
  try {
    const built = await imageExists(engine, (await imageTagOf({ ...image, contextDir: context.dir })).tag);
    return built ? await findSnapshot(engine, await snapshotKey(plan, built.id)) : undefined;
  } finally {
    await context.dispose();
  }
}

/** The passwords the snapshot's stack was set up with, from the local.conf in it. */
export async function snapshotPasswords(engine: EngineHandle, plan: GatePlan, snapshot: SnapshotImage): Promise<Record<PasswordVariable, string>> {
  const path = plan.stack.kind.localConfPath;
  const statements = parseLocalrc(parseLocalConf(await readImageFile(engine, snapshot.id, path), `${snapshot.tag}:${path}`));
  const passwords = {} as Record<PasswordVariable, string>;
  for (const name of PASSWORD_VARIABLES) {
    const value = localrcValue(statements, name);
    if (!value) throw new EnvironmentError(`snapshot ${snapshot.tag} has no ${name} in ${path}: it is not a snapshot of a stack`, { hint: `remove it (docker rmi ${snapshot.tag}) or stack afresh: dockenstack up --fresh` });
    passwords[name] = value;
  }
  return passwords;
}
