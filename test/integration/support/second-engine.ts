// A second Docker engine on this machine, for the tests that need one to lose (engine stopped
// mid-run) or to spread shards over: its own dockerd with its own socket, data root, exec root and
// bridge, so stopping it never touches the default engine the other tests use. Its data root
// persists between runs (images built there stay cached); the daemon itself never outlives a test
// file.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const NAME = 'dockenstack-test-engine2';
export const SECOND_ENGINE_HOST = `unix:///run/${NAME}.sock`;
// A bridge and subnet of its own: the default engine holds docker0 and 172.17.0.0/16.
const BRIDGE = 'dockenstack2';
const BRIDGE_ADDRESS = '172.31.250.1/24';

export class SecondEngine {
  private daemon: ChildProcess | undefined;
  /** A stop under way: a restart waits for it (the old daemon holds the pid file until it exits). */
  private stopping: Promise<void> = Promise.resolve();
  readonly host = SECOND_ENGINE_HOST;
  readonly logFile = `/tmp/${NAME}.log`;

  /** Starts dockerd and waits until it answers (a minute at most). */
  async start(): Promise<void> {
    await this.stopping;
    if (this.daemon) return;
    ensureBridge();
    for (const dir of [`/var/lib/${NAME}`, `/run/${NAME}`]) mkdirSync(dir, { recursive: true });
    const log = openSync(this.logFile, 'a');
    this.daemon = spawn(
      'dockerd',
      ['--host', this.host, '--data-root', `/var/lib/${NAME}`, '--exec-root', `/run/${NAME}`, '--pidfile', `/run/${NAME}.pid`, '--bridge', BRIDGE],
      { stdio: ['ignore', log, log] },
    );
    closeSync(log);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.daemon.exitCode !== null) throw new Error(`the second dockerd exited with ${this.daemon.exitCode}; see ${this.logFile}`);
      if (spawnSync('docker', ['--host', this.host, 'version'], { stdio: 'ignore' }).status === 0) return;
      await sleep(500);
    }
    throw new Error(`the second dockerd did not answer within a minute; see ${this.logFile}`);
  }

  /** Stops dockerd as `systemctl stop docker` would (SIGTERM: it stops its containers, then exits). */
  stop(): Promise<void> {
    const daemon = this.daemon;
    if (!daemon) return this.stopping;
    this.daemon = undefined;
    this.stopping = (async () => {
      if (daemon.exitCode !== null || daemon.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => daemon.once('exit', () => resolve()));
      daemon.kill('SIGTERM');
      await Promise.race([exited, sleep(60_000)]);
      if (daemon.exitCode === null && daemon.signalCode === null) {
        daemon.kill('SIGKILL');
        await exited;
      }
    })();
    return this.stopping;
  }

  /** Freezes dockerd (SIGSTOP): the engine hangs, every call to it waits. */
  freeze(): void {
    this.daemon?.kill('SIGSTOP');
  }

  thaw(): void {
    this.daemon?.kill('SIGCONT');
  }

  /** The engine as a child process sees it. */
  env(): NodeJS.ProcessEnv {
    return { ...process.env, DOCKER_HOST: this.host };
  }
}

function ensureBridge(): void {
  if (spawnSync('ip', ['link', 'show', BRIDGE], { stdio: 'ignore' }).status === 0) return;
  for (const args of [['link', 'add', BRIDGE, 'type', 'bridge'], ['addr', 'add', BRIDGE_ADDRESS, 'dev', BRIDGE], ['link', 'set', BRIDGE, 'up']]) {
    const result = spawnSync('ip', args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr.trim()}`);
  }
}
