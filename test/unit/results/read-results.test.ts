// readResults takes a fast way through a file: the decoder calls the collector directly, decodes
// in one buffer it reuses, and the file is read into two buffers in turn. The results must be
// exactly those of the plain way (parseSubunit's packets, then collectResults).
import { createReadStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readResults } from '../../../harness/results/read-results.ts';
import { collectResults, collectStream } from '../../../harness/results/collect.ts';
import { parseSubunit } from '../../../harness/subunit/parse-stream.ts';
import { encodePacket } from '../../support/subunit-encoder.ts';

const fixture = join(import.meta.dirname, '..', '..', 'fixtures', 'subunit', 'compute-servers.subunit');

describe('readResults and collectStream', () => {
  it('give what collectResults gives, for a file of several read chunks', async () => {
    // The real run 12 times over (2.7 MB, three chunks of reading): repeated test ids fold into
    // the same records, which is as good a check as any that state carries across chunks.
    const bytes = Buffer.concat(Array.from({ length: 12 }, () => readFileSync(fixture)));
    const path = join(mkdtempSync(join(tmpdir(), 'dockenstack-read-')), 'run.subunit');
    writeFileSync(path, bytes);
    const plain = await collectResults(parseSubunit(createReadStream(path)));
    expect(plain.tests.length).toBeGreaterThan(100);
    expect(await readResults(path)).toEqual(plain);
  });

  it('keep an attachment whole when its chunks span many reads, and when its test fails after them', async () => {
    // Every packet split into 5-byte chunks, each given in the same buffer, overwritten before the
    // next: only what the decoder copied out of it survives.
    const logLines = Array.from({ length: 40 }, (_, i) => `line ${i} of the log\n`);
    const packets = [
      encodePacket({ testId: 'a.B.test_x', status: 2 }),
      ...logLines.map((line) => encodePacket({ testId: 'a.B.test_x', file: { name: "pythonlogging:''", bytes: Buffer.from(line) } })),
      encodePacket({ testId: 'a.B.test_x', file: { name: 'traceback', bytes: Buffer.from('Traceback\nValueError: bad\n') }, eof: true }),
      encodePacket({ testId: 'a.B.test_x', status: 6 }),
    ];
    const bytes = Buffer.concat(packets);
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += 5) chunks.push(bytes.subarray(at, at + 5));
    // Each chunk given in the same (reused) buffer, as readResults reads a file.
    const reused = Buffer.alloc(5);
    async function* inOneBuffer() {
      for (const chunk of chunks) {
        reused.fill(0);
        chunk.copy(reused);
        yield reused.subarray(0, chunk.length);
      }
    }
    const results = await collectStream(inOneBuffer());
    expect(results).toEqual(await collectResults(parseSubunit(Readable.from(chunks))));
    const [test] = results.tests;
    expect(test?.status).toBe('fail');
    expect(test?.attachments.find((a) => a.name === "pythonlogging:''")?.text).toBe(logLines.join(''));
  });
});

describe('item 4: readResults and compressed streams', () => {
  const gz = join(import.meta.dirname, '..', '..', 'fixtures', 'subunit', 'distro-full.subunit.gz');

  it('reads a gzipped stream as it is, as CI systems archive it', async () => {
    const plain = await collectResults(parseSubunit(createReadStream(gz).pipe(createGunzip())));
    expect(plain.tests.length).toBeGreaterThan(800);
    expect(await readResults(gz)).toEqual(plain);
  });

  it.each([
    ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], /xz -dc/],
    ['zstd', [0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x00], /zstd -dc/],
    ['bzip2', [0x42, 0x5a, 0x68, 0x39, 0x31, 0x41], /bzip2 -dc/],
  ])('refuses a %s stream, naming its compression and how to decompress it', async (kind, magic, command) => {
    const path = join(mkdtempSync(join(tmpdir(), 'dockenstack-read-')), `run.subunit.${kind}`);
    writeFileSync(path, Buffer.concat([Buffer.from(magic), Buffer.alloc(200, 7)]));
    const error = await readResults(path).catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 2, message: `SUBUNIT: ${path} is ${kind}-compressed: only gzip is read as it is` });
    expect((error as { hint: string }).hint).toMatch(command);
  });

  it('refuses a gzipped stream cut short (exit 2), saying so and how to keep what can be read', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dockenstack-read-')), 'run.subunit.gz');
    writeFileSync(path, readFileSync(gz).subarray(0, 50_000));
    const error = await readResults(path).catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 2, message: `SUBUNIT: ${path} is a gzip file cut short (its data ends early)` });
    expect((error as { hint: string }).hint).toBe(`check it with gzip -t ${path}; zcat ${path} > run.subunit keeps what can be read, which report takes`);
  });
});
