// A second Docker engine on this machine, for the tests that need one to lose (engine stopped
// mid-run) or to spread shards over: its own dockerd with its own socket, data root, exec root and
// bridge, so stopping it never touches the default engine the other tests use. Its data root
// persists between runs (images built there stay cached); the daemon itself never outlives a test
// file.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { $, type ProcessPromise } from 'zx/core';

/** Host commands here are quick checks: their output is not shown, a failure is looked at by its code. */
const quietly = $({ quiet: true, nothrow: true, stdio: ['ignore', 'pipe', 'pipe'] });

/** Where an engine of its own lives: its name (socket, data root, exec root, log) and bridge. */
export interface EnginePlace {
  readonly name: string;
  readonly bridge: string;
  /** The bridge's address and subnet: the default engine holds docker0 and 172.17.0.0/16. */
  readonly bridgeAddress: string;
}

const TEST_ENGINE: EnginePlace = { name: 'dockenstack-test-engine2', bridge: 'dockenstack2', bridgeAddress: '172.31.250.1/24' };
export const SECOND_ENGINE_HOST = `unix:///run/${TEST_ENGINE.name}.sock`;

export class SecondEngine {
  private daemon: ProcessPromise | undefined;
  /** A stop under way: a restart waits for it (the old daemon holds the pid file until it exits). */
  private stopping: Promise<void> = Promise.resolve();
  readonly host: string;
  readonly logFile: string;
  readonly dataRoot: string;

  constructor(private readonly place: EnginePlace = TEST_ENGINE) {
    this.host = `unix:///run/${place.name}.sock`;
    this.logFile = `/tmp/${place.name}.log`;
    this.dataRoot = `/var/lib/${place.name}`;
  }

  /** Starts dockerd and waits until it answers (a minute at most). */
  async start(): Promise<void> {
    await this.stopping;
    if (this.daemon) return;
    const { name, bridge } = this.place;
    await ensureBridge(this.place);
    for (const dir of [this.dataRoot, `/run/${name}`]) mkdirSync(dir, { recursive: true });
    const log = openSync(this.logFile, 'a');
    const daemon = $({ quiet: true, nothrow: true, stdio: ['ignore', log, log] })`dockerd --host ${this.host} --data-root ${this.dataRoot} --exec-root ${`/run/${name}`} --pidfile ${`/run/${name}.pid`} --bridge ${bridge}`;
    this.daemon = daemon;
    let exitCode: number | null | undefined;
    // The log's descriptor is the daemon's until it exits (zx spawns it on a later tick).
    void daemon.then((output) => {
      exitCode = output.exitCode;
      closeSync(log);
    });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (exitCode !== undefined) throw new Error(`the second dockerd exited with ${exitCode}; see ${this.logFile}`);
      if ((await quietly`docker --host ${this.host} version`).exitCode === 0) return;
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
      const child = daemon.child;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = daemon.then(() => undefined);
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(60_000)]);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    })();
    return this.stopping;
  }

  /** Freezes dockerd (SIGSTOP): the engine hangs, every call to it waits. */
  freeze(): void {
    this.daemon?.child?.kill('SIGSTOP');
  }

  thaw(): void {
    this.daemon?.child?.kill('SIGCONT');
  }

  /** The engine as a child process sees it. */
  env(): NodeJS.ProcessEnv {
    return { ...process.env, DOCKER_HOST: this.host };
  }
}

async function ensureBridge({ bridge, bridgeAddress }: EnginePlace): Promise<void> {
  if ((await quietly`ip link show ${bridge}`).exitCode === 0) return;
  // zx's own error says which command failed, how, and what it printed.
  const ip = $({ quiet: true });
  await ip`ip link add ${bridge} type bridge`;
  await ip`ip addr add ${bridgeAddress} dev ${bridge}`;
  await ip`ip link set ${bridge} up`;
}
