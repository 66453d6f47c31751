// The facade over one Docker engine. Everything above it talks to `Engine` and
// `RunningContainer`, never to dockerode; testcontainers finds and configures the engine
// (DOCKER_HOST, unix or tcp), dockerode does what testcontainers does not (streams, archives).
import Dockerode from 'dockerode';
import { getContainerRuntimeClient } from 'testcontainers';
import { EnvironmentError } from '../errors.ts';

export interface EngineInfo {
  readonly serverVersion: string;
  readonly apiVersion: string;
  readonly storageDriver: string;
  readonly cgroupVersion: string;
  readonly memTotalBytes: number;
  readonly dockerRootDir: string;
  readonly host: string;
}

export interface EngineHandle {
  readonly docker: Dockerode;
  readonly host: string;
}

export async function connectEngine(): Promise<EngineHandle> {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  let docker: Dockerode;
  try {
    // testcontainers tries its other strategies (the default socket among them) when DOCKER_HOST
    // does not answer, so a gate given `--engine` would silently run on another engine: the
    // engine the user named must answer itself (dockerode reads DOCKER_HOST as the CLI does).
    if (process.env.DOCKER_HOST) await new Dockerode().ping();
    const client = await getContainerRuntimeClient();
    docker = client.container.dockerode;
    await docker.ping();
  } catch (error) {
    const host = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
    throw new EnvironmentError(`no Docker engine answers at ${host}`, {
      hint: process.env.DOCKER_HOST
        ? `start the engine at ${host}, or name one that runs (--engine, DOCKER_HOST)`
        : 'dockenstack doctor --fix installs and starts one (as root on Debian or Ubuntu; otherwise it prints the commands), or set DOCKER_HOST',
      cause: error,
    });
  }
  return { docker, host: process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock' };
}

export async function readEngineInfo(engine: EngineHandle): Promise<EngineInfo> {
  const [info, version] = await Promise.all([engine.docker.info(), engine.docker.version()]);
  return {
    serverVersion: String(version.Version),
    apiVersion: String(version.ApiVersion),
    storageDriver: String(info.Driver ?? ''),
    cgroupVersion: String(info.CgroupVersion ?? '1'),
    memTotalBytes: Number(info.MemTotal ?? 0),
    dockerRootDir: String(info.DockerRootDir ?? '/var/lib/docker'),
    host: engine.host,
  };
}

export async function imageExists(engine: EngineHandle, tag: string): Promise<{ id: string } | undefined> {
  try {
    const info = await engine.docker.getImage(tag).inspect();
    return { id: info.Id };
  } catch {
    return undefined;
  }
}

/**
 * Whether an engine answers a ping at DOCKER_HOST (or the default socket), asked afresh each time:
 * `doctor --fix` polls this while the dockerd it started comes up, and connectEngine's client
 * would keep the first answer.
 */
export async function engineAnswers(timeoutMs = 3000): Promise<boolean> {
  try {
    await new Dockerode({ timeout: timeoutMs }).ping();
    return true;
  } catch {
    return false;
  }
}
