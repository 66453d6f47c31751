// The devstack profile's image, as far as this machine's network allows: its prerequisites come
// from Debian's mirror, and DevStack either from git (which fails here, at that very step) or
// from a local checkout (DOCKENSTACK_DEVSTACK_CHECKOUT).
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildImage } from '../../harness/engine/image-build.ts';
import { managedLabels } from '../../harness/engine/labels.ts';
import type { EngineHandle } from '../../harness/engine/engine.ts';
import { GateError } from '../../harness/errors.ts';
import { stageBuildContext } from '../../harness/gate/build-context.ts';
import { PROJECT_ROOT } from '../../harness/plan/profiles.ts';
import { silentProgress } from '../../harness/progress/console-progress.ts';
import { baseImage, realEngine } from './support/engine-fixtures.ts';

const contextDir = join(PROJECT_ROOT, 'dockerfiles', 'devstack');
let engine: EngineHandle;
let base: string;

beforeAll(async () => {
  engine = await realEngine();
  base = await baseImage(engine);
});

describe('the dockenstack image for DevStack', () => {
  it('installs every prerequisite from the mirror and stops where DevStack must come from git', async () => {
    const error = await buildImage(
      engine,
      { contextDir, repository: 'dockenstack-devstack', buildArgs: { BASE_IMAGE: base, DEVSTACK_REPO: 'https://opendev.org/openstack/devstack', DEVSTACK_REF: 'master' }, labels: managedLabels('image') },
      silentProgress,
    ).catch((e: unknown) => e);
    // Where git hosts answer, the build succeeds; here the clone is the first step that needs them.
    expect(error).toBeInstanceOf(GateError);
    expect((error as GateError).message).toMatch(/failed at Step \d+\/\d+ : RUN if \[ -f \/opt\/stack\/devstack-src\/stack\.sh \]/);
    expect((error as GateError).tellingLines.join('\n')).toMatch(/Could not resolve host: opendev\.org|unable to access/);
  });

  it('builds with a local DevStack checkout, when one is named', async (context) => {
    const checkout = process.env.DOCKENSTACK_DEVSTACK_CHECKOUT;
    // A checkout is never committed and CI has none: this part needs one on the machine.
    context.skip(!checkout, 'DOCKENSTACK_DEVSTACK_CHECKOUT is not set: no local DevStack checkout on this machine (CI has none)');
    const staged = await stageBuildContext(contextDir, checkout);
    try {
      const image = await buildImage(engine, { contextDir: staged.dir, repository: 'dockenstack-devstack', buildArgs: { BASE_IMAGE: base }, labels: managedLabels('image') }, silentProgress);
      const inspected = await engine.docker.getImage(image.id).inspect();
      expect(inspected.Config.Cmd).toEqual(['/sbin/init']);
    } finally {
      await staged.dispose();
    }
  });
});
