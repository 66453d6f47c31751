// bin/dockenstack.js runs a bundle of harness/ that it rebuilds when a source changes. Checked on a
// copy of the checkout (its node_modules linked to this one's), so that changing a source there
// cannot disturb other tests: an edit shows on the next run, and the bundle reads profiles from
// the checkout it was started from, not from where the bundle lies.
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runNode } from '../../support/run-cli.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const cache = join(root, 'node_modules', '.cache', 'dockenstack');
const copy = mkdtempSync(join(tmpdir(), 'dockenstack-bundle-'));
const bundlesBefore = new Set(existsSync(cache) ? readdirSync(cache) : []);

for (const part of ['bin', 'harness', 'localrc', 'tempest-filters', 'dockerfiles', 'package.json']) cpSync(join(root, part), join(copy, part), { recursive: true });
symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));

/** The copy's CLI, run in the copy. */
async function dockenstack(...args: string[]): Promise<string> {
  const result = await runNode([join(copy, 'bin', 'dockenstack.js'), ...args], { cwd: copy });
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

afterAll(() => {
  rmSync(copy, { recursive: true, force: true });
  for (const bundle of existsSync(cache) ? readdirSync(cache) : []) if (!bundlesBefore.has(bundle)) rmSync(join(cache, bundle), { recursive: true, force: true });
});

describe('the bundled CLI', () => {
  it('picks up an edited source on the next run, and reads profiles from its own checkout', async () => {
    expect(await dockenstack('--help')).toContain('Run an OpenStack gate');
    const cli = join(copy, 'harness', 'cli.ts');
    writeFileSync(cli, readFileSync(cli, 'utf8').replace('Run an OpenStack gate:', 'Run an edited OpenStack gate:'));
    expect(await dockenstack('--help')).toContain('Run an edited OpenStack gate');
    // The copy's own profile, not the one of the checkout whose node_modules hold the bundle.
    appendFileSync(join(copy, 'localrc', 'distro.conf'), '\n[[local|localrc]]\nDOCKENSTACK_BUNDLE_MARKER=this-copy\n');
    expect(await dockenstack('localconf', '--profile', 'distro')).toContain('DOCKENSTACK_BUNDLE_MARKER=this-copy');
  });
});
