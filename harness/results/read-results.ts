// A subunit file (or stdin) into RunResults, streamed; a gzipped one is read through gunzip.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UsageError } from '../errors.ts';
import { compressionOf, DECOMPRESS_COMMAND, MAGIC_BYTES } from './compression.ts';
import { collectStream, reportableTests } from './collect.ts';
import type { RunResults, TestResult } from './model.ts';

export async function readResults(path: string): Promise<RunResults> {
  if (path !== '-') {
    if (!existsSync(path)) throw new UsageError(`${path} does not exist`, { where: 'SUBUNIT' });
    if (!statSync(path).isFile()) throw new UsageError(`${path} is not a file`, { where: 'SUBUNIT' });
  }
  const results = await collectStream(await plainSource(path)).catch((error: unknown) => {
    throw isZlibError(error) ? brokenGzip(path === '-' ? 'stdin' : path, error) : error;
  });
  if (results.tests.length === 0 && results.textBytes > 0) {
    throw new UsageError(`${path} holds no subunit v2 packet (${results.textBytes} bytes of other data)`, {
      where: 'SUBUNIT',
      hint: 'give the stream `tempest run --subunit` or `stestr last --subunit` wrote',
    });
  }
  return results;
}

/**
 * The stream's bytes, decompressed when gzipped; another compression is refused with the command
 * that decompresses it. A plain file takes the fast way (fileChunks).
 */
async function plainSource(path: string): Promise<AsyncIterable<Buffer>> {
  const where = 'SUBUNIT';
  if (path === '-') {
    const { head, rest } = await peek(process.stdin);
    const compression = compressionOf(head);
    if (compression && compression !== 'gzip') throw refuse('stdin', compression, where);
    const all = Readable.from(rest);
    return compression === 'gzip' ? all.pipe(createGunzip()) : all;
  }
  const file = await open(path);
  const head = Buffer.alloc(MAGIC_BYTES);
  try {
    await file.read(head, 0, MAGIC_BYTES, 0);
  } finally {
    await file.close();
  }
  const compression = compressionOf(head);
  if (compression === undefined) return fileChunks(path);
  if (compression !== 'gzip') throw refuse(path, compression, where);
  return createReadStream(path).pipe(createGunzip());
}

/** zlib's errors carry a `Z_…` code: the gzip data, not the subunit in it, is broken. */
function isZlibError(error: unknown): error is Error & { code: string } {
  const code: unknown = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('Z_');
}

/** A gzip file cut short (an upload or a copy that stopped) or damaged: bad input, said as such. */
function brokenGzip(name: string, error: Error): UsageError {
  return new UsageError(`${name} is ${error.message === 'unexpected end of file' ? 'a gzip file cut short (its data ends early)' : `damaged gzip data (${error.message})`}`, {
    where: 'SUBUNIT',
    hint: name === 'stdin' ? 'check the archive with gzip -t' : `check it with gzip -t ${name}; zcat ${name} > run.subunit keeps what can be read, which report takes`,
  });
}

function refuse(name: string, compression: keyof typeof DECOMPRESS_COMMAND, where: string): UsageError {
  return new UsageError(`${name} is ${compression}-compressed: only gzip is read as it is`, {
    where,
    hint: name === 'stdin' ? `pipe it through ${DECOMPRESS_COMMAND[compression]} first` : `decompress it first: ${DECOMPRESS_COMMAND[compression]} ${name} > run.subunit`,
  });
}

/** The first bytes of a stream (enough to tell its compression), and the whole stream again. */
async function peek(stream: AsyncIterable<Buffer>): Promise<{ head: Buffer; rest: AsyncIterable<Buffer> }> {
  const iterator = stream[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < MAGIC_BYTES && !done) {
    const next = await iterator.next();
    if (next.done) done = true;
    else {
      seen.push(next.value);
      length += next.value.length;
    }
  }
  async function* rest(): AsyncGenerator<Buffer> {
    yield* seen;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { head: Buffer.concat(seen), rest: rest() };
}

/** The tests a report counts, of an earlier run's report folder (see resolveReportFolder): a baseline. */
export async function readBaselineTests(reportFolder: string): Promise<TestResult[]> {
  return reportableTests((await readResults(join(reportFolder, 'tempest.subunit'))).tests);
}

/**
 * A file's bytes a chunk at a time, read into two buffers in turn, the next read under way while
 * the caller decodes a chunk. A chunk is valid only until the one after next is read (the decoder
 * copies what it keeps), so reading allocates nothing per chunk.
 */
async function* fileChunks(path: string, chunkSize = 1024 * 1024): AsyncGenerator<Buffer> {
  const file = await open(path);
  const buffers = [Buffer.allocUnsafe(chunkSize), Buffer.allocUnsafe(chunkSize)];
  let turn = 0;
  const readInto = async (buffer: Buffer) => ({ buffer, bytesRead: (await file.read(buffer, 0, chunkSize, null)).bytesRead });
  let reading = readInto(buffers[0] as Buffer);
  try {
    for (;;) {
      const { bytesRead, buffer } = await reading;
      if (bytesRead === 0) return;
      turn ^= 1;
      reading = readInto(buffers[turn] as Buffer);
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    // A read still under way must end before the file is closed.
    await reading.catch(() => undefined);
    await file.close();
  }
}
