// The image's build context: dockerfiles/<stack>/ as it is, or, when a local DevStack checkout is
// named, a temporary copy with the checkout in devstack-src/ (its .git left out), so the image is
// built from the user's tree and its tag follows the tree's content.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export async function stageBuildContext(contextDir: string, devstackCheckout: string | undefined): Promise<{ dir: string; dispose(): Promise<void> }> {
  if (!devstackCheckout) return { dir: contextDir, dispose: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), 'dockenstack-context-'));
  await cp(contextDir, dir, { recursive: true, filter: (source) => !source.startsWith(join(contextDir, 'devstack-src')) });
  await cp(devstackCheckout, join(dir, 'devstack-src'), { recursive: true, filter: (source) => basename(source) !== '.git' });
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}
