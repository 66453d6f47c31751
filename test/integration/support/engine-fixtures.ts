// Shared by the integration tests: the real engine, the base image (built with debootstrap when
// missing), a unique run id per test, and removal of whatever a test made.
import { connectEngine, type EngineHandle } from '../../../harness/engine/engine.ts';
import { DEFAULT_BASE_IMAGE, ensureBaseImage } from '../../../harness/engine/base-image.ts';
import { removeManaged } from '../../../harness/engine/cleanup.ts';
import { newRunId } from '../../../harness/run/run-id.ts';
import { silentProgress } from '../../../harness/progress/console-progress.ts';

export async function realEngine(): Promise<EngineHandle> {
  return connectEngine();
}

export async function baseImage(engine: EngineHandle): Promise<string> {
  return (await ensureBaseImage(engine, DEFAULT_BASE_IMAGE, silentProgress)).tag;
}

export function testRunId(name: string): string {
  return `test-${name}-${newRunId()}`;
}

export async function removeRun(engine: EngineHandle, runId: string): Promise<void> {
  await removeManaged(engine, { runId, images: true });
}
