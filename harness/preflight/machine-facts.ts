// The facts about this machine that `doctor --fix` decides from (fix-plan.ts): who we are, which
// programs a gate needs are installed, whether apt can install them, how services are started.
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { hostShell } from '../host/host-process.ts';
import type { MachineFacts } from './fix-plan.ts';

/** `engineAnswers` is asked of the engine layer: this one may not talk to Docker. */
export async function readMachineFacts(engineAnswers: boolean, env: NodeJS.ProcessEnv = process.env): Promise<MachineFacts> {
  const release = osRelease();
  const dockerHost = env.DOCKER_HOST;
  return {
    root: process.getuid?.() === 0,
    apt: installed('apt-get', env),
    system: release.PRETTY_NAME ?? 'unknown',
    commands: { dockerd: installed('dockerd', env), docker: installed('docker', env), debootstrap: installed('debootstrap', env) },
    dockerCliPackage: (await aptCandidate('docker-cli')) ?? splitsDockerCli(release),
    engineAnswers,
    remoteEngine: dockerHost && dockerHost !== 'unix:///var/run/docker.sock' ? dockerHost : undefined,
    systemd: existsSync('/run/systemd/system'),
  };
}

/** On PATH or in the sbin folders (a user's PATH often lacks them; dockerd and debootstrap live there). */
function installed(command: string, env: NodeJS.ProcessEnv): boolean {
  const dirs = [...(env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  return dirs.some((dir) => dir && existsSync(join(dir, command)));
}

function osRelease(): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const path of ['/etc/os-release', '/usr/lib/os-release']) {
    if (!existsSync(path)) continue;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const match = /^([A-Z_]+)=(?:"(.*)"|(.*))$/.exec(line.trim());
      if (match?.[1]) fields[match[1]] = match[2] ?? match[3] ?? '';
    }
    break;
  }
  return fields;
}

/** Whether apt knows the package; undefined when its lists are empty (a bare image before apt-get update). */
async function aptCandidate(name: string): Promise<boolean | undefined> {
  // nothrow: no apt-cache (exit 127) is an answer too.
  const policy = await (await hostShell())`apt-cache policy ${name}`.nothrow();
  if (policy.exitCode !== 0) return undefined;
  const candidate = /Candidate:\s*(\S+)/.exec(policy.stdout)?.[1];
  if (candidate === undefined) return undefined;
  return candidate !== '(none)';
}

/** Debian split the docker CLI out of docker.io with trixie (13); testing and sid have no VERSION_ID. */
function splitsDockerCli(release: Record<string, string>): boolean {
  if (release.ID !== 'debian') return false;
  const version = Number(release.VERSION_ID);
  return release.VERSION_ID === undefined || version >= 13;
}
