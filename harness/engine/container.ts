// A started stack container: what the gate may do with one (exec with streamed output, copy in
// and out, stop, remove). Only `startContainer` makes one, so holding a RunningContainer means
// it started; a failed start removes what it created.
import type Dockerode from 'dockerode';
import type { HostConfig } from 'dockerode';
import { PassThrough } from 'node:stream';
import { EnvironmentError } from '../errors.ts';
import type { ProgressSink } from '../progress/progress-sink.ts';
import { copyIntoContainer, copyOutOfContainer, type CopyInEntry } from './archive.ts';
import type { EngineHandle } from './engine.ts';
import { engineError, NameTakenError } from './engine-errors.ts';
import { killInsideScript, wrapForKill } from './exec-wrapper.ts';
import { managedLabels } from './labels.ts';
import { LineSplitter } from './line-splitter.ts';
import { ownerLabels, type RunOwner } from './run-owner.ts';
import { fallbackHostConfig, isPrivilegeRefusal, privilegedHostConfig, type PrivilegeMode } from './privilege.ts';

export interface ContainerSpec {
  readonly image: string;
  readonly name: string;
  readonly runId: string;
  /** The engine's default is the container id's start; a stack restarted from a snapshot keeps its own. */
  readonly hostname?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly binds?: readonly string[];
  readonly tmpfs?: Readonly<Record<string, string>>;
  /** docker --init: reaps the zombies that daemons started by init scripts leave behind. */
  readonly init?: boolean;
  readonly privileged: 'auto' | 'always' | 'never';
  readonly command?: readonly string[];
  readonly stopSignal?: string;
  /** The process that runs this container's run, recorded in its labels. */
  readonly owner?: RunOwner;
  /** More labels (a stack that stays up, its profile). */
  readonly labels?: Readonly<Record<string, string>>;
}

export interface ExecOptions {
  readonly user?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly workdir?: string;
  readonly onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  readonly signal?: AbortSignal;
  /** Seconds between TERM and KILL when the command is stopped. */
  readonly killGraceSeconds?: number;
}

export interface ExecResult {
  readonly exitCode: number;
  /** The command was stopped because `signal` aborted. */
  readonly aborted: boolean;
}

export interface RunningContainer {
  readonly id: string;
  readonly name: string;
  readonly privilegeMode: PrivilegeMode;
  exec(command: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  copyIn(entries: readonly CopyInEntry[]): Promise<void>;
  copyOut(containerPath: string, hostDir: string): Promise<void>;
  stop(options?: { graceSeconds?: number }): Promise<void>;
  remove(): Promise<void>;
  /** Its address on the engine's default network (where the stack's HOST_IP comes from). */
  address(): Promise<string>;
}

export async function startContainer(engine: EngineHandle, spec: ContainerSpec, progress: ProgressSink): Promise<RunningContainer> {
  try {
    return await startWithPrivilege(engine, spec, progress);
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 409) throw new NameTakenError(spec.name, error);
    throw engineError('starting the container', error);
  }
}

async function startWithPrivilege(engine: EngineHandle, spec: ContainerSpec, progress: ProgressSink): Promise<RunningContainer> {
  if (spec.privileged === 'never') return create(engine, spec, 'fallback');
  try {
    return await create(engine, spec, 'privileged');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (spec.privileged === 'always' || !isPrivilegeRefusal(message)) throw error;
    progress.note('this engine refuses --privileged; using the capability fallback (ALL but SYS_RESOURCE, unconfined seccomp/apparmor/systempaths, cgroups rw)');
    return create(engine, spec, 'fallback');
  }
}

async function create(engine: EngineHandle, spec: ContainerSpec, mode: PrivilegeMode): Promise<RunningContainer> {
  const privilege = mode === 'privileged' ? privilegedHostConfig() : fallbackHostConfig();
  const hostConfig: HostConfig = {
    ...privilege,
    Binds: [...(privilege.Binds ?? []), ...(spec.binds ?? [])],
    Init: spec.init ?? false,
    ...(spec.tmpfs ? { Tmpfs: { ...spec.tmpfs } } : {}),
  };
  const container = await engine.docker.createContainer({
    name: spec.name,
    Image: spec.image,
    ...(spec.hostname ? { Hostname: spec.hostname } : {}),
    Cmd: spec.command ? [...spec.command] : undefined,
    Env: Object.entries(spec.env ?? {}).map(([key, value]) => `${key}=${value}`),
    Labels: { ...spec.labels, ...managedLabels('container', spec.runId), ...(spec.owner ? ownerLabels(spec.owner) : {}) },
    HostConfig: hostConfig,
    ...(spec.stopSignal ? { StopSignal: spec.stopSignal } : {}),
  });
  try {
    await container.start();
  } catch (error) {
    await container.remove({ force: true, v: true }).catch(() => {});
    throw error;
  }
  return new StartedContainer(engine.docker, container, spec.name, mode);
}

/**
 * A running container that another process started (a stack that `up` left up), by its id or
 * name; undefined when there is none or it is not running.
 */
export async function attachContainer(engine: EngineHandle, idOrName: string): Promise<RunningContainer | undefined> {
  const container = engine.docker.getContainer(idOrName);
  try {
    const info = await container.inspect();
    if (!info.State.Running) return undefined;
    const mode: PrivilegeMode = info.HostConfig.Privileged ? 'privileged' : 'fallback';
    return new StartedContainer(engine.docker, container, info.Name.replace(/^\//, ''), mode);
  } catch (error) {
    if (isGone(error)) return undefined;
    throw engineError('looking up the container', error);
  }
}

class StartedContainer implements RunningContainer {
  readonly id: string;

  constructor(
    private readonly docker: Dockerode,
    private readonly container: Dockerode.Container,
    readonly name: string,
    readonly privilegeMode: PrivilegeMode,
  ) {
    this.id = container.id;
  }

  exec(command: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    return this.execStreaming(command, options).catch((error: unknown) => {
      throw engineError(`running ${command[0]} in the container`, error);
    });
  }

  private async execStreaming(command: readonly string[], options: ExecOptions): Promise<ExecResult> {
    const { argv, pidFile } = wrapForKill(command);
    const exec = await this.container.exec({
      Cmd: argv,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      ...(options.user ? { User: options.user } : {}),
      ...(options.workdir ? { WorkingDir: options.workdir } : {}),
      Env: Object.entries(options.env ?? {}).map(([key, value]) => `${key}=${value}`),
    });
    const stream = await exec.start({ hijack: true, stdin: false });
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const outLines = new LineSplitter((line) => options.onLine?.(line, 'stdout'));
    const errLines = new LineSplitter((line) => options.onLine?.(line, 'stderr'));
    stdout.on('data', (chunk: Buffer) => outLines.push(chunk));
    stderr.on('data', (chunk: Buffer) => errLines.push(chunk));
    this.docker.modem.demuxStream(stream, stdout, stderr);

    let aborted = false;
    const onAbort = () => {
      aborted = true;
      // Killing our end of the stream does not stop the process inside: kill its tree there.
      void this.killInside(pidFile, options.killGraceSeconds ?? 10);
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await new Promise<void>((resolve, reject) => {
        stream.on('end', resolve);
        stream.on('close', resolve);
        stream.on('error', reject);
      });
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      outLines.end();
      errLines.end();
    }
    const inspected = await exec.inspect();
    return { exitCode: inspected.ExitCode ?? (aborted ? 143 : -1), aborted };
  }

  private async killInside(pidFile: string, graceSeconds: number): Promise<void> {
    try {
      const killer = await this.container.exec({ Cmd: ['sh', '-c', killInsideScript(pidFile, graceSeconds)], AttachStdout: false, AttachStderr: false });
      await killer.start({ Detach: true });
    } catch {
      // The container may already be gone; removal kills everything anyway.
    }
  }

  copyIn(entries: readonly CopyInEntry[]): Promise<void> {
    return copyIntoContainer(this.container, entries).catch((error: unknown) => {
      throw engineError('copying files into the container', error);
    });
  }

  copyOut(containerPath: string, hostDir: string): Promise<void> {
    return copyOutOfContainer(this.container, containerPath, hostDir).catch((error: unknown) => {
      throw engineError(`copying ${containerPath} out of the container`, error);
    });
  }

  async stop(options: { graceSeconds?: number } = {}): Promise<void> {
    try {
      await this.container.stop({ t: options.graceSeconds ?? 10 });
    } catch (error) {
      if (!isGone(error)) throw wrapEngineError('stopping the container', error);
    }
  }

  async address(): Promise<string> {
    const info = await this.container.inspect().catch((error: unknown) => {
      throw engineError('inspecting the container', error);
    });
    const networks = Object.values(info.NetworkSettings.Networks ?? {});
    const address = networks.find((n) => n.IPAddress)?.IPAddress;
    if (!address) throw new EnvironmentError(`container ${this.name} has no IP address`, { hint: 'it must run on a network of the engine (the default bridge)' });
    return address;
  }

  async remove(): Promise<void> {
    try {
      await this.container.remove({ force: true, v: true });
    } catch (error) {
      if (!isGone(error)) throw wrapEngineError('removing the container', error);
    }
  }
}

function isGone(error: unknown): boolean {
  const status = (error as { statusCode?: number }).statusCode;
  return status === 304 || status === 404 || /is not running|no such container|already in progress/i.test(String(error));
}

function wrapEngineError(what: string, error: unknown): unknown {
  const typed = engineError(what, error);
  return typed === error ? new EnvironmentError(`${what} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error }) : typed;
}
