// What `doctor --fix` would do to a bare machine, decided from facts about it (machine-facts.ts)
// and nothing else, so it is tested without touching a machine: the Debian packages a gate needs
// that are missing, and how to start the engine when none answers; as root with apt it is done,
// otherwise these are the exact commands printed for the user.
export interface MachineFacts {
  readonly root: boolean;
  readonly apt: boolean;
  /** From /etc/os-release: e.g. `Debian GNU/Linux 13 (trixie)`, or `unknown`. */
  readonly system: string;
  readonly commands: { readonly dockerd: boolean; readonly docker: boolean; readonly debootstrap: boolean };
  /** The docker CLI is a package of its own (Debian trixie and later); before, docker.io holds it. */
  readonly dockerCliPackage: boolean;
  readonly engineAnswers: boolean;
  /** DOCKER_HOST names an engine elsewhere: starting one here would not make it answer. */
  readonly remoteEngine: string | undefined;
  /** systemd runs this machine's services (not so in a container): `systemctl start docker`. */
  readonly systemd: boolean;
}

export interface FixPlan {
  /** In install order; empty when nothing is missing. */
  readonly packages: readonly string[];
  readonly startEngine: 'systemctl' | 'background' | undefined;
  /** Why the fixes cannot be applied here (then they are printed); undefined when they can. */
  readonly blocked: string | undefined;
}

export const DOCKERD_LOG = '/var/log/dockerd.log';

export function planFixes(facts: MachineFacts): FixPlan {
  const packages = new Set<string>();
  if (!facts.commands.dockerd) packages.add('docker.io');
  if (!facts.commands.docker) packages.add(facts.dockerCliPackage ? 'docker-cli' : 'docker.io');
  if (!facts.commands.debootstrap) packages.add('debootstrap');
  const startEngine = facts.engineAnswers || facts.remoteEngine !== undefined ? undefined : facts.systemd ? 'systemctl' : 'background';
  const nothing = packages.size === 0 && startEngine === undefined;
  const blocked = nothing ? undefined : !facts.apt ? `no apt-get on ${facts.system}` : !facts.root ? 'not running as root' : undefined;
  return { packages: [...packages], startEngine, blocked };
}

export function nothingToFix(plan: FixPlan): boolean {
  return plan.packages.length === 0 && plan.startEngine === undefined;
}

/** The commands that apply the plan, as a user types them (`sudo` when not root). */
export function fixCommands(plan: FixPlan, facts: Pick<MachineFacts, 'apt' | 'root'>): string[] {
  const sudo = facts.root ? '' : 'sudo ';
  const commands: string[] = [];
  if (plan.packages.length) {
    if (facts.apt) {
      commands.push(`${sudo}apt-get update`, `${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${plan.packages.join(' ')}`);
    } else {
      // Without apt the package names differ: name the programs a gate needs instead.
      commands.push(`# install with this system's package manager: ${programsOf(plan.packages).join(', ')}`);
    }
  }
  if (plan.startEngine === 'systemctl') commands.push(`${sudo}systemctl start docker`);
  if (plan.startEngine === 'background') commands.push(`${sudo}sh -c 'nohup dockerd >${DOCKERD_LOG} 2>&1 &'`);
  return commands;
}

function programsOf(packages: readonly string[]): string[] {
  return packages.map((name) => (name === 'docker.io' ? 'the Docker engine (dockerd)' : name === 'docker-cli' ? 'the docker command' : name));
}
