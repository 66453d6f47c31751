// The engine layer against the real Docker engine: builds, the privilege fallback with docker in
// docker, streaming, copies, interrupts and cleanup.
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listManaged, removeManaged } from '../../harness/engine/cleanup.ts';
import { startContainer, type RunningContainer } from '../../harness/engine/container.ts';
import type { EngineHandle } from '../../harness/engine/engine.ts';
import { buildImage } from '../../harness/engine/image-build.ts';
import { managedLabels } from '../../harness/engine/labels.ts';
import { GateError } from '../../harness/errors.ts';
import { silentProgress } from '../../harness/progress/console-progress.ts';
import { baseImage, realEngine, removeRun, testRunId } from './support/engine-fixtures.ts';
import { runCli, runNode } from '../support/run-cli.ts';

let engine: EngineHandle;
let base: string;
let workdir: string;

beforeAll(async () => {
  engine = await realEngine();
  base = await baseImage(engine);
  workdir = await mkdtemp(join(tmpdir(), 'dockenstack-engine-test-'));
});

afterAll(async () => {
  await rm(workdir, { recursive: true, force: true });
});

async function contextDir(name: string, dockerfile: string, extra: Record<string, string> = {}): Promise<string> {
  const dir = join(workdir, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'Dockerfile'), dockerfile);
  for (const [file, text] of Object.entries(extra)) await writeFile(join(dir, file), text);
  return dir;
}

describe('buildImage', () => {
  const runId = testRunId('build');
  afterAll(() => removeRun(engine, runId));

  it('is a cache hit for unchanged inputs and a new build when an input changes', async () => {
    const dir = await contextDir('cache', `ARG BASE\nFROM \${BASE}\nCOPY hello.txt /hello.txt\n`, { 'hello.txt': 'one\n' });
    const spec = { contextDir: dir, repository: 'dockenstack-test-cache', buildArgs: { BASE: base }, labels: managedLabels('image', runId) };
    const first = await buildImage(engine, spec, silentProgress);
    const second = await buildImage(engine, spec, silentProgress);
    expect(second).toMatchObject({ tag: first.tag, id: first.id, cacheHit: true });
    await writeFile(join(dir, 'hello.txt'), 'two\n');
    const third = await buildImage(engine, spec, silentProgress);
    expect(third.cacheHit).toBe(false);
    expect(third.tag).not.toBe(first.tag);
  });

  it('names the failing step and shows its output', async () => {
    const dir = await contextDir('broken', `ARG BASE\nFROM \${BASE}\nRUN echo about-to-fail && echo the-reason >&2 && exit 7\n`);
    const error = await buildImage(engine, { contextDir: dir, repository: 'dockenstack-test-broken', buildArgs: { BASE: base }, labels: managedLabels('image', runId) }, silentProgress).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GateError);
    const gateError = error as GateError;
    expect(gateError.message, gateError.message).toMatch(/Step \d+\/\d+ : RUN echo about-to-fail/);
    expect(gateError.message).toMatch(/returned a non-zero code: 7/);
    expect(gateError.tellingLines.join('\n')).toMatch(/about-to-fail[\s\S]*the-reason/);
  });
});

describe('a started container', () => {
  const runId = testRunId('container');
  let container: RunningContainer;

  beforeAll(async () => {
    container = await startContainer(engine, { image: base, name: `dockenstack-${runId}`, runId, privileged: 'auto', init: true, command: ['sleep', 'infinity'] }, silentProgress);
  });
  afterAll(async () => {
    await container.remove();
    await removeRun(engine, runId);
  });

  it('streams lines as they are produced, not when the command ends', async () => {
    const arrivals: { line: string; at: number }[] = [];
    const started = Date.now();
    const result = await container.exec(['sh', '-c', 'echo first; sleep 2; echo second >&2; sleep 1; echo third; exit 3'], {
      onLine: (line) => arrivals.push({ line, at: Date.now() - started }),
    });
    const ended = Date.now() - started;
    expect(result).toEqual({ exitCode: 3, aborted: false });
    expect(arrivals.map((a) => a.line)).toEqual(['first', 'second', 'third']);
    expect(arrivals[0]!.at).toBeLessThan(ended - 2500);
    expect(arrivals[1]!.at).toBeLessThan(ended - 800);
  });

  it('copies files in and a directory out, byte for byte', async () => {
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256));
    await container.copyIn([
      { containerPath: '/srv/out/a.txt', content: 'alpha\n' },
      { containerPath: '/srv/out/nested/b.bin', content: binary, mode: 0o600 },
    ]);
    const target = join(workdir, 'copied');
    await container.copyOut('/srv/out', target);
    expect(await readFile(join(target, 'out', 'a.txt'), 'utf8')).toBe('alpha\n');
    expect((await readFile(join(target, 'out', 'nested', 'b.bin'))).equals(binary)).toBe(true);
  });

  it('stops a command and its children inside when aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1500);
    const result = await container.exec(['sh', '-c', 'sleep 300 & sleep 301; wait'], { signal: controller.signal, killGraceSeconds: 2 });
    expect(result.aborted).toBe(true);
    let processes = '';
    await container.exec(['sh', '-c', 'cat /proc/[0-9]*/cmdline | tr "\\0" " "'], { onLine: (line) => (processes += line) });
    expect(processes).not.toMatch(/sleep 30[01]/);
  });
});

describe('the privilege fallback', () => {
  const runId = testRunId('dind');
  afterAll(() => removeRun(engine, runId));

  it('runs a Docker engine inside that runs a container', async () => {
    const dir = await contextDir('dind', `ARG BASE\nFROM \${BASE}\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends docker.io iptables && rm -rf /var/lib/apt/lists/*\n`);
    const image = await buildImage(engine, { contextDir: dir, repository: 'dockenstack-test-dind', buildArgs: { BASE: base }, labels: managedLabels('check', runId) }, silentProgress);
    const notes: string[] = [];
    const container = await startContainer(
      engine,
      { image: image.tag, name: `dockenstack-${runId}`, runId, privileged: 'auto', init: true, command: ['sleep', 'infinity'] },
      { ...silentProgress, note: (text) => notes.push(text) },
    );
    try {
      // Here --privileged is refused: the fallback must have been used, and said so once.
      if (container.privilegeMode === 'fallback') expect(notes.filter((n) => /capability fallback/.test(n))).toHaveLength(1);
      const lines: string[] = [];
      const script = [
        '(dockerd > /var/log/dockerd.log 2>&1 &)',
        'for i in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done',
        // No registry: the inner image is /bin/echo and the two libraries it needs, from this rootfs.
        'mkdir -p /tmp/r/bin && cp -L /bin/echo /tmp/r/bin/ && cp -L --parents /lib/x86_64-linux-gnu/libc.so.6 /lib64/ld-linux-x86-64.so.2 /tmp/r/',
        'tar -C /tmp/r -c . | docker import - inner:latest >/dev/null',
        'docker run --rm inner:latest /bin/echo hello-from-the-inner-container',
      ].join('\n');
      const result = await container.exec(['sh', '-c', script], { onLine: (line) => lines.push(line) });
      expect(lines, lines.join('\n')).toContain('hello-from-the-inner-container');
      expect(result.exitCode).toBe(0);
    } finally {
      await container.remove();
    }
  });
});

describe('an interrupted process driving the engine', () => {
  const runId = testRunId('sigint');
  afterAll(() => removeRun(engine, runId));

  it('exits 130 and leaves no labelled container and no process behind', async () => {
    const { code, output } = await runNode(['--import', 'tsx', join(import.meta.dirname, 'support', 'drive-engine.ts'), base, runId], {
      when: /tick 5/,
      act: (child) => child.kill('SIGINT'),
    });
    expect(code, output).toBe(130);
    expect(output).toMatch(/exec ended: exit \d+, aborted true/);
    // The count of processes still running the ticking loop inside, just before removal.
    expect(output).toMatch(/inside: 0\s*$/m);
    expect((await listManaged(engine, { runId })).filter((r) => r.type === 'container')).toEqual([]);
  });
});

describe('removeManaged', () => {
  it('removes every labelled container and volume of a run and says what it removed', async () => {
    const runId = testRunId('clean');
    const volume = await engine.docker.createVolume({ Name: `dockenstack-${runId}-data`, Labels: managedLabels('volume', runId) });
    const left = await startContainer(engine, { image: base, name: `dockenstack-${runId}`, runId, privileged: 'never', command: ['sleep', 'infinity'] }, silentProgress);
    expect((await listManaged(engine, { runId })).map((r) => r.type).sort()).toEqual(['container', 'volume']);
    const { removed, failed } = await removeManaged(engine, { runId });
    expect(failed).toEqual([]);
    expect(removed.map((r) => r.name).sort()).toEqual([left.name, volume.name].sort());
    expect(await listManaged(engine, { runId })).toEqual([]);
  });
});

describe('an engine named by --engine that does not answer', () => {
  const runId = testRunId('no-engine');
  afterAll(() => removeRun(engine, runId));

  // testcontainers falls back to the default socket when DOCKER_HOST does not answer; the gate
  // must not, or the run would happen on an engine the user did not name.
  it('stops with exit 3 naming that engine, and nothing runs on the default one', async () => {
    const reports = await mkdtemp(join(tmpdir(), 'dockenstack-no-engine-'));
    const { code, output } = await runCli(['gate', '--engine', 'unix:///nonexistent/docker.sock', '--run-id', runId, '--reports', reports]);
    expect(code, output).toBe(3);
    expect(output).toMatch(/no Docker engine answers at unix:\/\/\/nonexistent\/docker\.sock/);
    expect(await listManaged(engine, { runId })).toEqual([]);
  }, 120_000);
});
