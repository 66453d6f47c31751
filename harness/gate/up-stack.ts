// A stack that `up` left up: the record it writes in its run folder (stack.json), the credentials
// it writes outside it, the catalog it reads from the host with them (which proves them), and
// what it prints.
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONTAINER_PATHS } from '../stacks/stack-kind.ts';
import type { StackAccess } from '../stacks/stack-access.ts';
import { CLOUD_NAME, renderCloudsYaml, renderOpenrc } from '../stacks/stack-access.ts';

/** In the run folder. */
export const UP_RECORD = 'stack.json';
/** In the container: the admin's openrc that `exec` sources. */
export const STACK_OPENRC = `${CONTAINER_PATHS.etc}/openrc`;

export interface StackEndpoint {
  readonly type: string;
  readonly url: string;
}

export interface UpStackRecord {
  readonly runId: string;
  readonly profile: string;
  readonly container: string;
  readonly address: string;
  readonly engine: string;
  readonly image: string | null;
  readonly upAt: string;
  readonly authUrl: string;
  /** The catalog's public endpoints, as read from this host (empty when it could not reach them). */
  readonly endpoints: readonly StackEndpoint[];
  /** The snapshot this stack started from, or the one saved of it (the commit's seconds, its own size); null: neither. */
  readonly snapshot: { readonly tag: string; readonly use: 'started from' } | { readonly tag: string; readonly use: 'saved'; readonly seconds: number; readonly layerBytes: number } | null;
  /** Horizon's URL, when local.conf enables it. */
  readonly dashboard: string | null;
}

/**
 * clouds.yaml and openrc into `dir` (see run/credentials-dir.ts), the folder readable by its owner
 * only and each file too: the only files `up` writes that hold the stack's password.
 */
export async function writeCredentials(dir: string, access: StackAccess): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  for (const [name, text] of [['clouds.yaml', renderCloudsYaml(access)], ['openrc', renderOpenrc(access)]] as const) {
    const path = join(dir, name);
    // Made anew: a file an earlier stack of the same run id left would keep its own mode.
    await rm(path, { force: true });
    await writeFile(path, text, { mode: 0o600, flag: 'wx' });
  }
}

interface TokenBody {
  readonly token?: { readonly catalog?: readonly { readonly type: string; readonly endpoints: readonly { readonly interface: string; readonly url: string }[] }[] };
}

/**
 * Asks keystone for a token as the admin and reads the public endpoints from its catalog: what
 * `openstack --os-cloud dockenstack` will do first. The error says why, when this host cannot.
 */
export async function readCatalog(access: StackAccess, timeoutMs = 20_000): Promise<{ endpoints: StackEndpoint[]; error?: string }> {
  const body = {
    auth: {
      identity: { methods: ['password'], password: { user: { name: 'admin', domain: { id: 'default' }, password: access.adminPassword } } },
      scope: { project: { name: 'admin', domain: { id: 'default' } } },
    },
  };
  try {
    const response = await fetch(`${access.authUrl}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status !== 201) return { endpoints: [], error: `keystone answered ${response.status} to the admin's credentials` };
    const token = (await response.json()) as TokenBody;
    const endpoints = (token.token?.catalog ?? []).flatMap((service) =>
      service.endpoints.filter((e) => e.interface === 'public').map((e) => ({ type: service.type, url: e.url })),
    );
    return { endpoints: endpoints.sort((a, b) => a.type.localeCompare(b.type)) };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { endpoints: [], error: `${access.authUrl} does not answer from this host (${cause ?? (error instanceof Error ? error.message : String(error))})` };
  }
}

/** An engine reached over the network: the containers' addresses are on its host, not this one. */
export function isRemoteEngine(host: string): boolean {
  return !host.startsWith('unix://') && !host.startsWith('npipe://');
}

export interface UpContext {
  readonly folder: string;
  /** Where clouds.yaml and openrc are: outside the run folder, which may be published. */
  readonly credentialsDir: string;
  readonly reachable: boolean;
  readonly reachError: string | undefined;
  readonly remoteEngine: boolean;
}

/** What `up` prints on stdout once the stack is up. */
export function describeUpStack(stack: UpStackRecord, context: UpContext): string {
  const { runId } = stack;
  const lines = [`stack ${runId} is up: profile ${stack.profile}, container ${stack.container} at ${stack.address}`];
  if (stack.snapshot?.use === 'started from') lines.push(`  started from snapshot ${stack.snapshot.tag} (dockenstack up --fresh stacks anew)`);
  if (stack.snapshot?.use === 'saved') lines.push(`  snapshot ${stack.snapshot.tag} saved: the next up with the same inputs starts from it`);
  const endpoints = stack.endpoints.length ? stack.endpoints : [{ type: 'identity', url: stack.authUrl }];
  for (const endpoint of endpoints) lines.push(`  ${endpoint.type.padEnd(12)} ${endpoint.url}`);
  if (stack.dashboard) lines.push(`  ${'dashboard'.padEnd(12)} ${stack.dashboard} (Horizon: log in as admin, the password in openrc)`);
  if (context.remoteEngine) {
    lines.push(`these addresses are on the engine's host (${stack.engine}), not this one: use them there, forward them (ssh -L PORT:${stack.address}:PORT that-host), or run the client inside the stack with dockenstack exec`);
  } else if (!context.reachable) {
    lines.push(`warning: ${context.reachError ?? 'the stack does not answer from this host'}; dockenstack exec runs the client inside the stack`);
  }
  lines.push(
    `report folder: ${context.folder}`,
    `credentials (the admin's; keep them out of what you publish): ${context.credentialsDir}/clouds.yaml and ${context.credentialsDir}/openrc`,
    `  OS_CLIENT_CONFIG_FILE=${context.credentialsDir}/clouds.yaml openstack --os-cloud ${CLOUD_NAME} server list`,
    `  dockenstack exec ${runId} -- openstack server list`,
    `  dockenstack tempest ${runId} --regex tempest.api.compute.servers`,
    `  dockenstack down ${runId}`,
    '',
  );
  return lines.join('\n');
}
