// Issue 17: `doctor --fix` on a bare machine. A container of the bare base image
// (dockenstack-base:trixie-minbase: debootstrap's minbase, no Docker, no debootstrap), given
// Node.js from Debian as the README asks of a machine, with this checkout mounted read-only:
// as a user, doctor --fix prints the exact commands and exits 3; as root it installs docker.io,
// docker-cli and debootstrap from Debian's mirror, starts dockerd (docker in docker, with the
// gate's capability fallback where --privileged is refused), and the machine passes doctor's
// checks; the engine still answers `docker info` after doctor has exited. About 3 minutes.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBaseImage } from '../../harness/engine/base-image.ts';
import { startContainer, type RunningContainer } from '../../harness/engine/container.ts';
import type { EngineHandle } from '../../harness/engine/engine.ts';
import { silentProgress } from '../../harness/progress/console-progress.ts';
import { baseImageOf, TRIXIE } from '../../harness/stacks/debian-release.ts';
import { realEngine, removeRun, testRunId } from './support/engine-fixtures.ts';

const root = join(import.meta.dirname, '..', '..');
const runId = testRunId('doctor-fix');
let engine: EngineHandle;
let machine: RunningContainer;

/** A command in the bare machine: its exit code and every line it printed. */
async function inMachine(command: readonly string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const result = await machine.exec(command, { workdir: '/src', env: { CI: 'true' }, onLine: (line) => lines.push(line) });
  return { code: result.exitCode, output: lines.join('\n') };
}

/** As user nobody: the exec wrapper itself needs root (its pid file), so the command drops it. */
const asNobody = (command: readonly string[]) => ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', 'env', 'HOME=/tmp', ...command];

const dockenstack = (...args: string[]) => ['node', 'bin/dockenstack.js', ...args];

beforeAll(async () => {
  engine = await realEngine();
  const base = await ensureBaseImage(engine, baseImageOf(TRIXIE), silentProgress);
  machine = await startContainer(
    engine,
    { image: base.tag, name: `dockenstack-${runId}`, runId, privileged: 'auto', init: true, command: ['sleep', 'infinity'], binds: [`${root}:/src:ro`] },
    silentProgress,
  );
  // What the README asks of a machine before its first command: Node.js (trixie's is 20.19).
  const node = await inMachine(['sh', '-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs >/dev/null && node --version']);
  expect(node.code, node.output).toBe(0);
});

afterAll(async () => {
  await machine?.remove();
  await removeRun(engine, runId);
});

describe('doctor --fix on the bare base image', () => {
  it('starts bare: no dockerd, no docker, no debootstrap', async () => {
    const found = await inMachine(['sh', '-c', 'for c in dockerd docker debootstrap; do command -v $c || PATH=$PATH:/usr/sbin:/sbin command -v $c; done; true']);
    expect(found.output.trim()).toBe('');
  });

  it('as a user: prints the exact commands, with sudo, and exits 3', async () => {
    const run = await inMachine(asNobody(dockenstack('doctor', '--fix')));
    expect(run.code, run.output).toBe(3);
    expect(run.output).toContain('fix: cannot install or start anything here (not running as root); run:');
    expect(run.output).toContain('  sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends docker.io docker-cli debootstrap');
    expect(run.output).toContain("  sudo sh -c 'nohup dockerd >/var/log/dockerd.log 2>&1 &'");
  });

  it('as root: installs docker.io, docker-cli and debootstrap, starts dockerd, and the machine can run a gate', async () => {
    const run = await inMachine(dockenstack('doctor', '--fix'));
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('fix: installed docker.io, docker-cli, debootstrap');
    expect(run.output).toContain('fix: started dockerd in the background (log: /var/log/dockerd.log)');
    expect(run.output).toMatch(/^ok {3}engine: Docker 26\.\S+ \(API [\d.]+\) at unix:\/\/\/var\/run\/docker\.sock/m);
    expect(run.output).toMatch(/^ok {3}docker in docker: /m);
    expect(run.output).toContain('this machine can run a gate');
    const packages = await inMachine(['dpkg-query', '-W', '-f', '${Package} ${Status}\\n', 'docker.io', 'docker-cli', 'debootstrap']);
    expect(packages.output.split('\n').sort()).toEqual(['debootstrap install ok installed', 'docker-cli install ok installed', 'docker.io install ok installed']);
    // The engine is the machine's now, not doctor's: it answers after doctor has exited.
    const info = await inMachine(['docker', 'info', '--format', '{{.ServerVersion}}']);
    expect(info.code, info.output).toBe(0);
    expect(info.output).toMatch(/^26\./);
  });

  it('a second run finds nothing to fix, and --json says so on stdout alone', async () => {
    const run = await inMachine(['sh', '-c', 'node bin/dockenstack.js doctor --fix --json 2>/dev/null']);
    expect(run.code, run.output).toBe(0);
    const document = JSON.parse(run.output) as { schemaVersion: number; canRunGate: boolean; fix: { applied: string[]; blocked: string | null }; checks: { name: string; status: string }[] };
    expect(document).toMatchObject({ schemaVersion: 1, canRunGate: true, fix: { applied: [], blocked: null } });
    expect(document.checks.find((check) => check.name === 'engine')?.status).toBe('ok');
  });
});
