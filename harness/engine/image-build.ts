// Builds an image from a dockerfiles/ folder with the classic builder, through dockerode's raw
// stream, so a failure shows the failing step and its output (testcontainers only says "Failed
// to build image"). The tag is the hash of the build's inputs: an unchanged build is a lookup.
import { pack } from 'tar-stream';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { GateError } from '../errors.ts';
import type { ProgressSink } from '../progress/progress-sink.ts';
import { hashBuildInputs, readBuildInputs, type BuildInputs } from './build-inputs.ts';
import { engineError, isEngineLost } from './engine-errors.ts';
import { imageExists, type EngineHandle } from './engine.ts';
import { LineSplitter } from './line-splitter.ts';

export interface ImageSpec {
  readonly contextDir: string;
  /** e.g. dockenstack-distro; the tag is the inputs' hash. */
  readonly repository: string;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
}

export interface BuiltImage {
  readonly tag: string;
  readonly id: string;
  readonly cacheHit: boolean;
  readonly inputsHash: string;
}

/** How many output lines of the failing step the error keeps. */
const FAILURE_TAIL = 25;

/** The tag a build of these inputs has: an image of that tag is the build's result already. */
export async function imageTagOf(spec: Pick<ImageSpec, 'contextDir' | 'repository' | 'buildArgs'>): Promise<{ tag: string; inputs: BuildInputs; inputsHash: string }> {
  const inputs = await readBuildInputs(spec.contextDir, spec.buildArgs);
  const inputsHash = hashBuildInputs(inputs);
  return { tag: `${spec.repository}:${inputsHash}`, inputs, inputsHash };
}

export async function buildImage(engine: EngineHandle, spec: ImageSpec, progress: ProgressSink, signal?: AbortSignal): Promise<BuiltImage> {
  const { tag, inputs, inputsHash } = await imageTagOf(spec);
  const existing = await imageExists(engine, tag);
  if (existing) {
    progress.line(`image ${tag} is up to date (cache hit)`);
    return { tag, id: existing.id, cacheHit: true, inputsHash };
  }
  progress.line(`building ${tag} from ${spec.contextDir}`);
  const context = pack();
  for (const file of inputs.files) {
    const absolute = join(spec.contextDir, file.path);
    const info = await stat(absolute);
    context.entry({ name: file.path, mode: file.mode, mtime: new Date(0), size: info.size }, await readFile(absolute));
  }
  context.finalize();

  const stream: NodeJS.ReadableStream = await engine.docker.buildImage(Readable.from(context), {
    t: tag,
    buildargs: { ...spec.buildArgs },
    labels: { ...spec.labels },
    rm: true,
    forcerm: true,
  });

  let step = '';
  let stepOutput: string[] = [];
  let failure: string | undefined;
  let imageId: string | undefined;
  const lines = new LineSplitter((line) => {
    if (!line.trim()) return;
    if (/^Step \d+\/\d+ : /.test(line)) {
      step = line;
      stepOutput = [];
    } else {
      stepOutput.push(line);
      if (stepOutput.length > FAILURE_TAIL * 4) stepOutput.splice(0, stepOutput.length - FAILURE_TAIL);
    }
    const built = /^Successfully built ([0-9a-f]+)/.exec(line);
    if (built) imageId = built[1];
    progress.line(line);
  });
  const abort = () => (stream as unknown as { destroy(): void }).destroy();
  signal?.addEventListener('abort', abort, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      engine.docker.modem.followProgress(
        stream,
        (error: Error | null) => (error ? reject(error) : resolve()),
        (event: { stream?: string; error?: string; errorDetail?: { message?: string } }) => {
          if (event.stream) lines.push(event.stream);
          if (event.error) failure = event.errorDetail?.message ?? event.error;
        },
      );
    });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (isEngineLost(error)) throw engineError('building the image', error);
    failure ??= error instanceof Error ? error.message : String(error);
  } finally {
    signal?.removeEventListener('abort', abort);
  }
  lines.end();
  if (failure !== undefined || !imageId) {
    throw new GateError('image', `building ${spec.repository} failed at ${step || 'the first step'}: ${failure ?? 'no image was produced'}`, {
      tellingLines: [step, ...stepOutput.slice(-FAILURE_TAIL)].filter(Boolean),
      hint: `fix ${join(spec.contextDir, 'Dockerfile')}; the build's output is above`,
    });
  }
  const built = await imageExists(engine, tag);
  return { tag, id: built?.id ?? imageId, cacheHit: false, inputsHash };
}
