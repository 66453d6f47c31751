// The docker driver's own code against a real engine, run in the distro image it ships in (with
// the host engine standing in for the stack's inner one). On an idle machine a full gate deletes
// one server while nova claims another: the claim's resource update listed the servers, one was
// removed between the engine's list and docker-py's inspect of it, and the claim failed with
// "No such container" (3 unexpected failures in gate s7-cold-full, build retries exhausted).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBaseImage } from '../../harness/engine/base-image.ts';
import { removeManaged } from '../../harness/engine/cleanup.ts';
import type { EngineHandle } from '../../harness/engine/engine.ts';
import { buildImage } from '../../harness/engine/image-build.ts';
import { managedLabels } from '../../harness/engine/labels.ts';
import { silentProgress } from '../../harness/progress/console-progress.ts';
import { PROJECT_ROOT } from '../../harness/project-root.ts';
import { BOOKWORM, TRIXIE, baseImageOf } from '../../harness/stacks/debian-release.ts';
import { DISTRO } from '../../harness/stacks/distro.ts';
import { realEngine, testRunId } from './support/engine-fixtures.ts';

let engine: EngineHandle;
const runId = testRunId('driver');

beforeAll(async () => {
  engine = await realEngine();
});

afterAll(async () => {
  // The script removes what it made; this catches what a failed run left.
  await removeManaged(engine, { runId, images: false });
});

type Race = { calls: number; failures: number };

async function raceIn(image: string): Promise<{ plain: Race; driver: Race }> {
  const socket = engine.host.replace(/^unix:\/\//, '');
  if (socket === engine.host) throw new Error(`this test binds the engine's unix socket; DOCKER_HOST is ${engine.host}`);
  const labels = managedLabels('check', runId);
  const container = await engine.docker.createContainer({
    Image: image,
    Cmd: ['python3', '/race.py', image, JSON.stringify(labels)],
    Labels: labels,
    HostConfig: { Binds: [`${socket}:/var/run/docker.sock`, `${join(PROJECT_ROOT, 'test', 'integration', 'support', 'driver-listing-race.py')}:/race.py:ro`] },
  });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    // Each log frame starts with an 8-byte header; the result is the script's last stdout line.
    const stdout = (await container.logs({ stdout: true, stderr: false })).toString('utf8');
    const stderr = (await container.logs({ stdout: false, stderr: true })).toString('utf8');
    expect(StatusCode, `${stdout}\n${stderr}`).toBe(0);
    return JSON.parse(stdout.trim().split('\n').pop()!.replace(/^[^{]*/, '')) as { plain: Race; driver: Race };
  } finally {
    await container.remove({ force: true });
  }
}

describe('the docker driver lists servers while others are removed', () => {
  it.each([['trixie', TRIXIE], ['bookworm', BOOKWORM]] as const)("in %s's image: no listing fails, where docker-py's plain list does", async (_suite, release) => {
    const base = await ensureBaseImage(engine, baseImageOf(release), silentProgress);
    const inputs = DISTRO.imageInputs(base.tag);
    const image = await buildImage(engine, { contextDir: inputs.contextDir, repository: inputs.repository, buildArgs: inputs.buildArgs, labels: managedLabels('image') }, silentProgress);
    const { plain, driver } = await raceIn(image.tag);
    // The race happens here: without it this test would prove nothing.
    expect(plain.failures, JSON.stringify(plain)).toBeGreaterThan(0);
    expect(driver.calls).toBeGreaterThan(100);
    expect(driver.failures, JSON.stringify(driver)).toBe(0);
  });
});
