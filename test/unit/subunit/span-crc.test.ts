import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SubunitDecoder } from '../../../harness/subunit/parse-stream.ts';
import { SpanCrc } from '../../../harness/subunit/span-crc.ts';
import { encodePacket } from '../../support/subunit-encoder.ts';

describe('SpanCrc', () => {
  it("gives zlib's CRC-32 for spans of any start and length, moving forward through a stream", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const stream = Buffer.from(Array.from({ length: 300_000 }, () => Math.floor(random() * 256)));
    const spans = new SpanCrc();
    for (let from = 0; from < 250_000; from += 1 + Math.floor(random() * 900)) {
      const to = Math.min(stream.length, from + Math.floor(random() * 40_000));
      // The stream seen through a window that starts a little before the span, as the decoder's buffer does.
      const windowStart = Math.max(0, from - 100);
      expect(spans.crc(stream.subarray(windowStart), windowStart, from, to)).toBe(crc32(stream.subarray(from, to)));
    }
  });
});

describe('resync in bounded memory (issue 20, Found 4)', () => {
  it('Found 4: a long run of 0xb3 bytes is handed on in pieces of at most 64 KiB, never held whole', () => {
    const sizes: number[] = [];
    const decoder = new SubunitDecoder((packet) => sizes.push(packet.kind === 'text' ? packet.bytes.length : -1));
    const run = Buffer.alloc(1024 * 1024, 0xb3);
    for (let at = 0; at < run.length; at += 65_536) decoder.write(run.subarray(at, at + 65_536));
    decoder.write(encodePacket({ testId: 't', status: 3 }));
    decoder.end();
    expect(sizes.at(-1)).toBe(-1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(64 * 1024);
    expect(sizes.slice(0, -1).reduce((a, b) => a + b, 0)).toBe(run.length);
  });

  it('Found 4: a packet right after damage that declares a long length is still read (its CRC from prefix CRCs)', () => {
    const good = encodePacket({ testId: 'tempest.T.test_big', status: 3, file: { name: 'log', bytes: Buffer.alloc(200_000, 0x61) } });
    const events: string[] = [];
    const decoder = new SubunitDecoder((packet) => packet.kind === 'event' && events.push(packet.testId ?? ''));
    decoder.write(Buffer.concat([Buffer.from([0xb3, 0x20, 0x40, 0x83, 0x00, 0x00]), good]));
    decoder.end();
    expect(events).toEqual(['tempest.T.test_big']);
  });
});
