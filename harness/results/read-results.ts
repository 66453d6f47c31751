// A subunit file (or stdin) into RunResults, streamed.
import { existsSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { collectStream, reportableTests } from './collect.ts';
import type { RunResults, TestResult } from './model.ts';

export async function readResults(path: string): Promise<RunResults> {
  if (path !== '-') {
    if (!existsSync(path)) throw new UsageError(`${path} does not exist`, { where: 'SUBUNIT' });
    if (!statSync(path).isFile()) throw new UsageError(`${path} is not a file`, { where: 'SUBUNIT' });
  }
  const source = path === '-' ? process.stdin : fileChunks(path);
  const results = await collectStream(source);
  if (results.tests.length === 0 && results.textBytes > 0) {
    throw new UsageError(`${path} holds no subunit v2 packet (${results.textBytes} bytes of other data)`, {
      where: 'SUBUNIT',
      hint: 'give the stream `tempest run --subunit` or `stestr last --subunit` wrote',
    });
  }
  return results;
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
