import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { collectResults } from '../../../harness/results/collect.ts';
import { parseSubunit } from '../../../harness/subunit/parse-stream.ts';
import type { SubunitPacket } from '../../../harness/subunit/packet.ts';
import { encodePacket } from '../../support/subunit-encoder.ts';

const fixture = join(import.meta.dirname, '..', '..', 'fixtures', 'subunit', 'compute-servers.subunit');

async function parse(bytes: Buffer, chunk = 7): Promise<SubunitPacket[]> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  const out: SubunitPacket[] = [];
  for await (const packet of parseSubunit(Readable.from(chunks))) out.push(packet);
  return out;
}

const events = (packets: SubunitPacket[]) => packets.filter((p) => p.kind === 'event');

describe('parseSubunit', () => {
  it('decodes every field, across chunk boundaries', async () => {
    const bytes = encodePacket({
      status: 6,
      testId: 'tempest.api.x.T.test_a[id-1,smoke]',
      timestamp: { seconds: 1_700_000_000, nanos: 123_456_789 },
      tags: ['worker-1', 'smoke'],
      mimeType: 'text/plain;charset=utf8',
      file: { name: 'traceback', bytes: Buffer.from('Traceback…\nValueError: ünïcode\n') },
      routeCode: '0/1',
      eof: true,
      runnable: true,
    });
    const [packet] = await parse(bytes, 3);
    expect(packet).toMatchObject({
      kind: 'event',
      status: 'fail',
      testId: 'tempest.api.x.T.test_a[id-1,smoke]',
      tags: ['worker-1', 'smoke'],
      mimeType: 'text/plain;charset=utf8',
      fileName: 'traceback',
      routeCode: '0/1',
      eof: true,
      runnable: true,
    });
    expect(packet?.kind === 'event' && packet.fileBytes?.toString()).toBe('Traceback…\nValueError: ünïcode\n');
    expect(packet?.kind === 'event' ? packet.timestamp : 0).toBeCloseTo(1_700_000_000 * 1000 + 123.456789, 6);
  });

  it.each([10, 100, 20_000, 5_000_000])('handles a %i-byte attachment (varint sizes 1 to 4 bytes)', async (size) => {
    const body = Buffer.alloc(Math.min(size, 4_000_000), 0x61);
    const packets = await parse(encodePacket({ testId: 't', file: { name: 'f', bytes: body } }), 65536);
    expect(events(packets)).toHaveLength(1);
  });

  it('skips a packet with a bad CRC, version, reserved bit or length, and keeps the next one', async () => {
    const good = encodePacket({ testId: 'good', status: 3 });
    const badCrc = Buffer.from(encodePacket({ testId: 'crc', status: 3 }));
    badCrc[badCrc.length - 1] = (badCrc[badCrc.length - 1] ?? 0) ^ 0xff;
    const badVersion = encodePacket({ testId: 'v', flagsOverride: 0x3803 });
    const reserved = encodePacket({ testId: 'r', flagsOverride: 0x2808 });
    const tooShort = Buffer.from([0xb3, 0x20, 0x00, 0x02, 0, 0]);
    for (const bad of [badCrc, badVersion, reserved, tooShort]) {
      const packets = await parse(Buffer.concat([bad, good]));
      expect(events(packets).map((p) => p.testId)).toEqual(['good']);
      expect(packets[0]?.kind).toBe('text');
    }
  });

  it('groups non-subunit bytes into text and keeps 0xb3 inside UTF-8 text as text', async () => {
    const packets = await parse(Buffer.concat([Buffer.from('hello\nsuccess: v1.test\n'), encodePacket({ testId: 'a', status: 3 }), Buffer.from('tail')]));
    expect(packets.map((p) => p.kind)).toEqual(['text', 'event', 'text']);
    expect(packets[0]?.kind === 'text' && packets[0].bytes.toString()).toBe('hello\nsuccess: v1.test\n');
  });

  it('treats a packet cut short at the end of the stream as text', async () => {
    const whole = encodePacket({ testId: 'cut', status: 3 });
    const packets = await parse(Buffer.concat([encodePacket({ testId: 'a', status: 2 }), whole.subarray(0, whole.length - 3)]));
    expect(events(packets).map((p) => p.testId)).toEqual(['a']);
    expect(packets.at(-1)?.kind).toBe('text');
  });

  it("reads a real Tempest stream with the same per-test statuses as python-subunit's subunit2csv", async () => {
    const results = await collectResults(parseSubunit(createReadStream(fixture)));
    const csv = readFileSync(fixture.replace('.subunit', '.stestr.csv'), 'utf8').trim().split('\n').slice(1);
    const theirs = new Map(csv.map((line) => {
      const fields = line.split(',');
      // ids with commas (the attributes) are quoted: the status is the third field from the end.
      return [fields.slice(0, -3).join(',').replace(/^"(.*)"$/, '$1'), fields.at(-3)];
    }));
    const ours = new Map(results.tests.filter((t) => theirs.has(t.id)).map((t) => [t.id, t.status]));
    expect(ours.size).toBe(theirs.size);
    for (const [id, status] of theirs) expect(ours.get(id), id).toBe(status);
    // And the tests of skipped classes, which stestr lists only as their setUpClass, are skips.
    const byFixture = results.tests.filter((t) => t.reason?.startsWith('setUpClass skipped'));
    expect(byFixture.length).toBeGreaterThan(0);
    expect(byFixture.every((t) => t.status === 'skip')).toBe(true);
  });

  it('never throws on thousands of mutations of the real stream, and recovers every intact packet', async () => {
    const original = readFileSync(fixture);
    const intact = events(await parse(original, 65536));
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 2000; round++) {
      const at = Math.floor(random() * original.length);
      const kind = round % 3;
      const mutated =
        kind === 0 ? Buffer.from(original).fill(Math.floor(random() * 256), at, at + 1)
          : kind === 1 ? original.subarray(0, at)
            : Buffer.concat([original.subarray(0, at), Buffer.from('inserted text \xb3\n'), original.subarray(at)]);
      const packets = events(await parse(mutated, 65536));
      // Every packet that lies wholly before the damage is recovered unchanged, and so is every
      // one after it (for flips and insertions).
      const damagedEnd = kind === 2 ? at : at + 1;
      const expected = intact.filter((p) => p.offset + p.length <= at || (kind !== 1 && p.offset >= damagedEnd));
      const seen = new Set(packets.map((p) => `${p.testId}|${p.status}|${p.fileName}|${p.timestamp}|${p.fileBytes?.length}`));
      for (const packet of expected) expect(seen.has(`${packet.testId}|${packet.status}|${packet.fileName}|${packet.timestamp}|${packet.fileBytes?.length}`)).toBe(true);
    }
  }, 120_000);
});
