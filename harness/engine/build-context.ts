// An image's build context: its folder as it is, or, when a local checkout goes into it (a
// developer's DevStack tree), a temporary copy with the checkout in its place (its .git left
// out), so the image is built from the user's tree and its tag follows the tree's content.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** A host folder copied into the context at `into` (relative to the context). */
export interface ContextCheckout {
  readonly source: string;
  readonly into: string;
}

export async function stageBuildContext(contextDir: string, checkout: ContextCheckout | undefined): Promise<{ dir: string; dispose(): Promise<void> }> {
  if (!checkout) return { dir: contextDir, dispose: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), 'dockenstack-context-'));
  await cp(contextDir, dir, { recursive: true, filter: (source) => !source.startsWith(join(contextDir, checkout.into)) });
  await cp(checkout.source, join(dir, checkout.into), { recursive: true, filter: (source) => basename(source) !== '.git' });
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}
