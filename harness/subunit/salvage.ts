// The test ids that damaged bytes still name. A packet whose CRC (or length, or a later field) is
// wrong is not trusted, but its test id usually sits intact right after the header: reading it
// lets the results say which test lost a packet, rather than dropping the test. Nothing else of a
// damaged packet is used: its status may be the damaged part.
import { FLAG_TEST_ID, FLAG_TIMESTAMP, SIGNATURE, VERSION_2, VERSION_MASK } from './packet.ts';

/** Longer ids than this are not taken from damaged bytes (a Tempest id is some 200 characters). */
const MAX_ID_BYTES = 4096;

/** The test ids of packet headers inside `bytes`, in order, without repeats. */
export function salvageTestIds(bytes: Buffer): string[] {
  const ids = new Set<string>();
  for (let at = bytes.indexOf(SIGNATURE); at !== -1; at = bytes.indexOf(SIGNATURE, at + 1)) {
    const id = testIdAt(bytes, at);
    if (id !== undefined) ids.add(id);
  }
  return [...ids];
}

function testIdAt(bytes: Buffer, start: number): string | undefined {
  if (start + 4 > bytes.length) return undefined;
  const flags = ((bytes[start + 1] as number) << 8) | (bytes[start + 2] as number);
  if ((flags & VERSION_MASK) !== VERSION_2 || !(flags & FLAG_TEST_ID)) return undefined;
  let at = start + 3 + varintSize(bytes[start + 3] as number);
  if (flags & FLAG_TIMESTAMP) at += 4 + varintSize(bytes[at + 4] ?? 0);
  if (at >= bytes.length) return undefined;
  const first = bytes[at] as number;
  const size = varintSize(first);
  let length = first & 0x3f;
  for (let i = 1; i < size; i++) length = length * 256 + (bytes[at + i] ?? 0);
  const from = at + size;
  if (length === 0 || length > MAX_ID_BYTES || from + length > bytes.length) return undefined;
  const id = bytes.toString('utf8', from, from + length);
  // Damage that lands in the id, or a 0xb3 in printed text, gives no printable id.
  return /^[\x21-\x7e][\x20-\x7e]*$/.test(id) ? id : undefined;
}

function varintSize(first: number): number {
  return (first >> 6) + 1;
}
