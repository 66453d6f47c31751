// Issue 17: what `doctor --fix` does to a bare machine, decided from its facts alone: the
// packages a gate needs that are missing, starting the engine, and the exact commands printed
// where it cannot do them itself (not root, no apt). test/integration/doctor-fix.test.ts does
// it for real on the bare base image.
import { describe, expect, it } from 'vitest';
import { fixCommands, nothingToFix, planFixes, type MachineFacts } from '../../../harness/preflight/fix-plan.ts';

const bare: MachineFacts = {
  root: true,
  apt: true,
  system: 'Debian GNU/Linux 13 (trixie)',
  commands: { dockerd: false, docker: false, debootstrap: false },
  dockerCliPackage: true,
  engineAnswers: false,
  remoteEngine: undefined,
  systemd: false,
};

describe('doctor --fix plan', () => {
  it('on bare trixie as root: docker.io, docker-cli (a package of its own there), debootstrap, dockerd in the background', () => {
    const plan = planFixes(bare);
    expect(plan).toEqual({ packages: ['docker.io', 'docker-cli', 'debootstrap'], startEngine: 'background', blocked: undefined });
    expect(fixCommands(plan, bare)).toEqual([
      'apt-get update',
      'env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends docker.io docker-cli debootstrap',
      "sh -c 'nohup dockerd >/var/log/dockerd.log 2>&1 &'",
    ]);
  });

  it('on bookworm docker.io holds the CLI; with systemd the service is started', () => {
    const plan = planFixes({ ...bare, dockerCliPackage: false, systemd: true });
    expect(plan.packages).toEqual(['docker.io', 'debootstrap']);
    expect(plan.startEngine).toBe('systemctl');
  });

  it('not root: the same commands with sudo, not applied', () => {
    const facts = { ...bare, root: false };
    const plan = planFixes(facts);
    expect(plan.blocked).toBe('not running as root');
    expect(fixCommands(plan, facts)).toEqual([
      'sudo apt-get update',
      'sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends docker.io docker-cli debootstrap',
      "sudo sh -c 'nohup dockerd >/var/log/dockerd.log 2>&1 &'",
    ]);
  });

  it('no apt: names what to install, not packages it cannot know', () => {
    const facts = { ...bare, apt: false, system: 'Fedora Linux 41' };
    const plan = planFixes(facts);
    expect(plan.blocked).toBe('no apt-get on Fedora Linux 41');
    expect(fixCommands(plan, facts)[0]).toBe("# install with this system's package manager: the Docker engine (dockerd), the docker command, debootstrap");
  });

  it('only what is missing; an engine that answers is left alone; a remote DOCKER_HOST is not started here', () => {
    expect(planFixes({ ...bare, commands: { dockerd: true, docker: true, debootstrap: false } }).packages).toEqual(['debootstrap']);
    const ready = planFixes({ ...bare, root: false, commands: { dockerd: true, docker: true, debootstrap: true }, engineAnswers: true });
    expect(nothingToFix(ready)).toBe(true);
    // Nothing to do is never blocked, root or not.
    expect(ready.blocked).toBeUndefined();
    expect(planFixes({ ...bare, remoteEngine: 'tcp://builder:2375' }).startEngine).toBeUndefined();
  });
});
