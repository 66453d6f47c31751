// The distro stack's memcached start (dockerfiles/distro/lib/memcached.sh), run by real bash:
// the check that memcached answers, against real sockets, and the daemon's address. Before it the
// stack ran `/etc/init.d/memcached start || true`, whose trixie config also listens on ::1: in a
// container without IPv6 that memcached exited at once, unnoticed, and Epoxy's gate ran with no
// token or keystone cache (issue 19).
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const script = join(import.meta.dirname, '..', '..', '..', 'dockerfiles', 'distro', 'lib', 'memcached.sh');
const run = promisify(execFile);

async function bash(body: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('bash', ['--norc', '--noprofile', '-c', `set -o errexit -o nounset; source ${script}; ${body}`],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 10_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

let server: Server | undefined;
afterEach(() => { server?.close(); server = undefined; });

async function listen(reply: (line: string) => string): Promise<number> {
  server = createServer((socket) => {
    socket.setEncoding('utf8');
    socket.on('error', () => { /* the client may close first */ });
    socket.on('data', (line: string) => { socket.end(reply(line)); });
  });
  await new Promise<void>((resolve) => { server?.listen(0, '127.0.0.1', resolve); });
  return (server?.address() as AddressInfo).port;
}

describe('memcached_answers', () => {
  it('is true for a server that replies to `version` as memcached does', async () => {
    const port = await listen((line) => (line === 'version\r\n' ? 'VERSION 1.6.38\r\n' : 'ERROR\r\n'));
    expect((await bash(`memcached_answers 127.0.0.1:${port}`)).code).toBe(0);
  });

  it('is false, quietly, where nothing listens (the memcached that exited)', async () => {
    const port = await listen(() => '');
    server?.close();
    const result = await bash(`memcached_answers 127.0.0.1:${port}`);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toBe('');
  });

  it('is false for something else on the port', async () => {
    const port = await listen(() => 'HTTP/1.1 400 Bad Request\r\n\r\n');
    expect((await bash(`memcached_answers 127.0.0.1:${port}`)).code).not.toBe(0);
  });
});

describe('start_memcached', () => {
  it('starts a daemon on the configured address only (no ::1, not the Debian config) and awaits it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockenstack-memcached-'));
    writeFileSync(join(dir, 'memcached'), `#!/bin/sh\necho "$@" > ${join(dir, 'argv')}\n`);
    chmodSync(join(dir, 'memcached'), 0o755);
    const result = await bash('wait_for() { echo "awaited: $*"; }; start_memcached 127.0.0.1:11211',
      { PATH: `${dir}:${process.env.PATH ?? ''}` });
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, 'argv'), 'utf8').trim()).toBe('-d -u memcache -m 64 -l 127.0.0.1 -p 11211');
    expect(result.stdout.trim()).toBe('awaited: memcached on 127.0.0.1:11211 15 memcached_answers 127.0.0.1:11211');
  });
});
