// Writes subunit v2 packets for tests of the parser's edge cases (the format's own encoding
// rules: varints of 1-4 bytes, the length field counting the whole packet, CRC32 at the end).
import { crc32 } from 'node:zlib';
import { varint } from '../../harness/subunit/encode-packet.ts';

export { varint };

function utf8(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([varint(bytes.length), bytes]);
}

export interface EncodeEvent {
  status?: number;
  testId?: string;
  timestamp?: { seconds: number; nanos: number };
  tags?: string[];
  mimeType?: string;
  file?: { name: string; bytes: Buffer };
  routeCode?: string;
  eof?: boolean;
  runnable?: boolean;
  flagsOverride?: number;
}

export function encodePacket(event: EncodeEvent): Buffer {
  let flags = 0x2000 | (event.status ?? 0);
  const parts: Buffer[] = [];
  if (event.timestamp) {
    flags |= 0x0200;
    const seconds = Buffer.alloc(4);
    seconds.writeUInt32BE(event.timestamp.seconds);
    parts.push(seconds, varint(event.timestamp.nanos));
  }
  if (event.testId !== undefined) {
    flags |= 0x0800;
    parts.push(utf8(event.testId));
  }
  if (event.tags) {
    flags |= 0x0080;
    parts.push(varint(event.tags.length), ...event.tags.map(utf8));
  }
  if (event.mimeType !== undefined) {
    flags |= 0x0020;
    parts.push(utf8(event.mimeType));
  }
  if (event.file) {
    flags |= 0x0040;
    parts.push(utf8(event.file.name), varint(event.file.bytes.length), event.file.bytes);
  }
  if (event.routeCode !== undefined) {
    flags |= 0x0400;
    parts.push(utf8(event.routeCode));
  }
  if (event.eof) flags |= 0x0010;
  if (event.runnable) flags |= 0x0100;
  if (event.flagsOverride !== undefined) flags = event.flagsOverride;
  const body = Buffer.concat(parts);
  const base = 3 + body.length + 4;
  const lengthSize = base + 1 <= 0x3f ? 1 : base + 2 <= 0x3fff ? 2 : 3;
  const head = Buffer.concat([Buffer.from([0xb3, flags >> 8, flags & 0xff]), varint(base + lengthSize), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(head));
  return Buffer.concat([head, crc]);
}
