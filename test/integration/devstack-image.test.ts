// The devstack profile's image, as far as this machine's network allows: its prerequisites come
// from Debian's mirror, and DevStack either from git (which fails here, at that very step) or
// from a local checkout (DOCKENSTACK_DEVSTACK_CHECKOUT).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildImage } from '../../harness/engine/image-build.ts';
import { managedLabels } from '../../harness/engine/labels.ts';
import type { EngineHandle } from '../../harness/engine/engine.ts';
import { GateError } from '../../harness/errors.ts';
import { stageBuildContext } from '../../harness/engine/build-context.ts';
import { PROJECT_ROOT } from '../../harness/project-root.ts';
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

  it('builds with a local DevStack checkout instead of cloning one', async () => {
    // The machine's own checkout when one is named (DOCKENSTACK_DEVSTACK_CHECKOUT); otherwise a
    // stand-in holding only a stack.sh, which is all the image build looks at (it never runs here).
    const checkout = process.env.DOCKENSTACK_DEVSTACK_CHECKOUT ?? standInCheckout();
    const staged = await stageBuildContext(contextDir, { source: checkout, into: 'devstack-src' });
    try {
      const image = await buildImage(engine, { contextDir: staged.dir, repository: 'dockenstack-devstack', buildArgs: { BASE_IMAGE: base }, labels: managedLabels('image') }, silentProgress);
      const inspected = await engine.docker.getImage(image.id).inspect();
      expect(inspected.Config.Cmd).toEqual(['/sbin/init']);
      // The checkout's own stack.sh, owned by the user that runs it, where the gate runs it from.
      const inside = spawnSync('docker', ['run', '--rm', image.id, 'sh', '-c', 'stat -c %U /opt/stack/devstack/stack.sh && sha256sum < /opt/stack/devstack/stack.sh'], { encoding: 'utf8' });
      expect(inside.status, inside.stderr).toBe(0);
      const digest = createHash('sha256').update(readFileSync(join(checkout, 'stack.sh'))).digest('hex');
      expect(inside.stdout.split('\n').slice(0, 2)).toEqual(['stack', `${digest}  -`]);
    } finally {
      await staged.dispose();
    }
  });
});

function standInCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dockenstack-devstack-checkout-'));
  writeFileSync(join(dir, 'stack.sh'), '#!/bin/bash\n# a stand-in for the stack.sh of DevStack (test/integration/devstack-image.test.ts)\nexit 1\n', { mode: 0o755 });
  return dir;
}
