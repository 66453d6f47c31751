import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../../harness/errors.ts';
import { endpointsFor, probe, requireNetwork } from '../../../harness/preflight/network.ts';

let server: Server;
let open: number;
let closed: number;

beforeAll(async () => {
  server = createServer((socket) => socket.end()).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  open = (server.address() as { port: number }).port;
  // A port that was just free: nothing listens there.
  const spare = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => spare.once('listening', resolve));
  closed = (spare.address() as { port: number }).port;
  await new Promise((resolve) => spare.close(resolve));
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('network preflight', () => {
  it('tells an answering port from a closed one', async () => {
    expect(await probe({ host: '127.0.0.1', port: open, why: 'test' })).toBe(true);
    expect(await probe({ host: '127.0.0.1', port: closed, why: 'test' })).toBe(false);
  });

  it('fails with one line naming what does not answer and that distro runs offline (exit 3)', async () => {
    const error = await requireNetwork([{ host: '127.0.0.1', port: open, why: 'git' }, { host: '127.0.0.1', port: closed, why: 'PyPI (pip installs)' }], 'nova-docker').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).exitCode).toBe(3);
    expect((error as Error).message).toBe(`profile nova-docker needs the network, and 127.0.0.1:${closed} (PyPI (pip installs)) does not answer; --profile distro runs offline`);
    expect((error as Error).message).not.toContain('\n');
    await expect(requireNetwork([{ host: '127.0.0.1', port: open, why: 'git' }], 'devstack')).resolves.toBeUndefined();
  });

  it("checks PyPI and each plugin's git host once", () => {
    expect(endpointsFor(['https://opendev.org/x/nova-docker', 'https://opendev.org/openstack/devstack', 'http://git.example:8080/p'])).toEqual([
      { host: 'pypi.org', port: 443, why: 'PyPI (pip installs)' },
      { host: 'opendev.org', port: 443, why: 'git (https://opendev.org/x/nova-docker)' },
      { host: 'git.example', port: 8080, why: 'git (http://git.example:8080/p)' },
    ]);
  });
});
