// Profiles that build DevStack from git need git hosts and PyPI. Checked before anything is
// built: a TCP connection to each host's port, with a short timeout.
import { connect } from 'node:net';
import { EnvironmentError } from '../errors.ts';

export interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly why: string;
}

export function probe(endpoint: Endpoint, timeoutMs = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: endpoint.host, port: endpoint.port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The hosts of git URLs (enable_plugin, DevStack's own repository) and PyPI. */
export function endpointsFor(urls: readonly string[]): Endpoint[] {
  const endpoints: Endpoint[] = [{ host: 'pypi.org', port: 443, why: 'PyPI (pip installs)' }];
  for (const url of urls) {
    const match = /^(https?):\/\/([^/:]+)(?::(\d+))?/.exec(url);
    if (!match || match[2] === undefined) continue;
    const port = match[3] ? Number(match[3]) : match[1] === 'https' ? 443 : 80;
    if (!endpoints.some((e) => e.host === match[2] && e.port === port)) endpoints.push({ host: match[2], port, why: `git (${url})` });
  }
  return endpoints;
}

export async function requireNetwork(endpoints: readonly Endpoint[], profile: string, timeoutMs = 3000): Promise<void> {
  const results = await Promise.all(endpoints.map(async (endpoint) => ({ endpoint, ok: await probe(endpoint, timeoutMs) })));
  const unreachable = results.filter((result) => !result.ok).map((result) => `${result.endpoint.host}:${result.endpoint.port} (${result.endpoint.why})`);
  if (unreachable.length) {
    throw new EnvironmentError(`profile ${profile} needs the network, and ${unreachable.join(', ')} ${unreachable.length > 1 ? 'do' : 'does'} not answer; --profile distro runs offline`);
  }
}
