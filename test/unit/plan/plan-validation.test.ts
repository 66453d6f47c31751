// Issue 15 item 9: what cannot work is refused when the plan is made (exit 2, nothing built), and
// a dry run claims only what it knows.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildGatePlan, describePlan } from '../../../harness/plan/gate-plan.ts';
import { gateOptions } from '../../support/gate-options.ts';

const driver = join(import.meta.dirname, '..', '..', 'fixtures', 'driver');
const options = gateOptions;

const usageError = (run: () => unknown): { exitCode: number; message: string } => {
  try {
    run();
  } catch (error) {
    return error as { exitCode: number; message: string };
  }
  throw new Error('no error');
};

afterEach(() => {
  delete process.env.DOCKENSTACK_DEVSTACK_REF;
});

describe('item 9: plan-time validation', () => {
  it.each([
    // Since the epoxy-docker merge the distro stack runs docker and fake, and its own check (with
    // local.conf, localconf/validate.ts) refuses the others first.
    ['distro', 'libvirt', /VIRT_DRIVER 'libvirt' is not one this profile's stack sets up \(docker, fake\)/],
    ['devstack', 'docker', /the devstack profile cannot run VIRT_DRIVER=docker .*/],
    ['nova-docker', 'libvirt', /the nova-docker profile cannot run VIRT_DRIVER=libvirt \(it runs docker\)/],
  ])('refuses a VIRT_DRIVER the %s profile cannot run (%s)', (profile, virtDriver, message) => {
    const error = usageError(() => buildGatePlan(options({ profile, set: [`VIRT_DRIVER=${virtDriver}`] })));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/^--set/);
  });

  it('takes any VIRT_DRIVER the user brings a driver for, or vouches for', () => {
    expect(buildGatePlan(options({ set: ['VIRT_DRIVER=docker'], driverSrc: driver })).stack.localrc).toContain('VIRT_DRIVER=docker');
    expect(buildGatePlan(options({ set: ['VIRT_DRIVER=docker'], allowVirtDriver: ['docker'] })).stack.localrc).toContain('VIRT_DRIVER=docker');
    expect(buildGatePlan(options({ profile: 'nova-docker' })).stack.localrc).toContain('VIRT_DRIVER=docker');
  });

  it('refuses --only-regressions without --baseline', () => {
    const error = usageError(() => buildGatePlan(options({ onlyRegressions: true })));
    expect(error).toMatchObject({ exitCode: 2, message: '--only-regressions: needs --baseline DIR: it judges only what is new since a baseline' });
  });

  it("builds nova-docker on the DevStack its plugin's stable/newton supports, and refuses another", () => {
    expect(buildGatePlan(options({ profile: 'nova-docker' })).stack.image.buildArgs.DEVSTACK_REF).toBe('newton-eol');
    expect(buildGatePlan(options({ profile: 'devstack' })).stack.image.buildArgs.DEVSTACK_REF).toBe('master');
    process.env.DOCKENSTACK_DEVSTACK_REF = 'master';
    const error = usageError(() => buildGatePlan(options({ profile: 'nova-docker' })));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/nova-docker\.conf:\d+: DevStack master cannot run the nova-docker plugin at stable\/newton/);
  });

  it("a devstack profile's dry run does not claim Debian's Tempest counts", () => {
    const ids = ['tempest.api.compute.servers.test_a.T.test_a', 'tempest.api.identity.test_b.T.test_b'];
    for (const profile of ['devstack', 'nova-docker']) {
      const text = describePlan(buildGatePlan(options({ profile })), ids, 1);
      expect(text).not.toMatch(/Tempest 33|Debian bookworm's/);
      expect(text).toMatch(/selection {5}counted when the stack's Tempest lists its tests/);
    }
    // distro-zed is the bookworm profile since the epoxy-docker merge (distro is trixie's, Tempest 43).
    expect(describePlan(buildGatePlan(options({ profile: 'distro-zed' })), ids, 1)).toMatch(/selection {5}1 of the 2 tests of Tempest 33 \(Debian bookworm's\)/);
  });

  it.each([
    [['--only-regressions'], '--only-regressions: needs --baseline DIR'],
    [['--threshold', '150'], "--threshold: '150' is not between 0 and 100 %"],
    [['--regex', 'test_(unclosed'], '--regex'],
  ])('tempest RUN refuses %j (exit 2) before it asks the engine for the stack, as gate does', (args, message) => {
    // An engine that cannot answer: a refusal after asking it would be exit 3, "no Docker engine answers".
    const run = spawnSync(process.execPath, [join(import.meta.dirname, '..', '..', '..', 'bin', 'dockenstack.js'), 'tempest', ...args], { encoding: 'utf8', env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toContain(`dockenstack: ${message}`);
  });
});
