import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../../harness/plan/profiles.ts';
import { PROJECT_ROOT } from '../../../harness/project-root.ts';

describe('stack kinds', () => {
  it('give each profile its image, container and commands', () => {
    const kinds = Object.fromEntries(PROFILES.map((p) => [p.name, p.kind.name]));
    expect(kinds).toEqual({ distro: 'distro', 'distro-zed': 'distro', devstack: 'devstack', 'nova-docker': 'devstack' });
    const [distro, devstack] = [PROFILES[0]?.kind, PROFILES[2]?.kind];
    expect(distro?.container).toMatchObject({ command: ['sleep', 'infinity'], init: true });
    expect(devstack?.container).toMatchObject({ command: ['/sbin/init'], stopSignal: 'SIGRTMIN+3' });
    expect(distro?.networkUrls([])).toEqual([]);
    expect(devstack?.networkUrls([])).toEqual(['https://opendev.org/openstack/devstack']);
    expect(distro?.imageInputs('base:tag')).toMatchObject({ repository: 'dockenstack-distro', buildArgs: { BASE_IMAGE: 'base:tag' } });
  });

  it("take test costs exactly when their image's dockenstack-tempest takes --timings", () => {
    for (const profile of PROFILES) {
      const script = readFileSync(join(PROJECT_ROOT, 'dockerfiles', profile.kind.name, 'bin', 'dockenstack-tempest'), 'utf8');
      expect(profile.kind.takesTestCosts, profile.name).toBe(/^\s*--timings\)/m.test(script));
    }
    expect(PROFILES.find((p) => p.name === 'distro')?.kind.takesTestCosts).toBe(true);
  });

  it('are the only place that tests which kind a stack is', () => {
    const harness = join(PROJECT_ROOT, 'harness');
    const offenders = readdirSync(harness, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts') && !name.startsWith('stacks/'))
      .filter((name) => /[=!]==? ?'(distro|devstack)'|\.kind\.name\b/.test(readFileSync(join(harness, name), 'utf8')))
      .map((name) => relative(harness, join(harness, name)));
    expect(offenders).toEqual([]);
  });
});
