// A packet's strings repeat: a test's id comes in each of its packets (enumerated, started, each
// attachment chunk, finished), and tags, MIME types, attachment names and route codes in nearly
// all of them. Decoding them anew each time costs the decode, a new string to hash as a map key,
// and one more copy to hold. This remembers recently decoded short strings with their bytes, in a
// table indexed by a hash of a few of those bytes: a repeat is recognised by one byte comparison
// and answered with the same string. A miss just replaces the slot, so memory stays fixed.

/** Longer strings are decoded every time: they are rarely keys, and comparing them costs as much. */
const MAX_CACHED = 256;
const SLOTS = 1024;

export class RecentStrings {
  private readonly bytes: (Buffer | undefined)[] = new Array<Buffer | undefined>(SLOTS).fill(undefined);
  private readonly texts: string[] = new Array<string>(SLOTS).fill('');

  /** The UTF-8 text of buf[start, end). */
  decode(buf: Buffer, start: number, end: number): string {
    const size = end - start;
    if (size === 0) return '';
    if (size > MAX_CACHED) return buf.toString('utf8', start, end);
    // Test ids share long prefixes and differ near the end (the idempotent id's hex digits): the
    // bytes sampled are the last, two near the end and the middle one, all inside the string.
    const last = end - 1;
    const sample = (buf[last] as number) * 7 + (buf[last - (size >> 3)] as number) * 131 + (buf[last - (size >> 2)] as number) * 17 + (buf[start + (size >> 1)] as number);
    const slot = (size * 31 + sample) & (SLOTS - 1);
    const known = this.bytes[slot];
    if (known !== undefined && known.length === size && sameBytes(known, buf, start, size)) return this.texts[slot] as string;
    const text = buf.toString('utf8', start, end);
    this.bytes[slot] = Buffer.from(buf.subarray(start, end));
    this.texts[slot] = text;
    return text;
  }
}

/** Whether `known` equals buf[start, start + size), `known` being that long. */
function sameBytes(known: Buffer, buf: Buffer, start: number, size: number): boolean {
  // Below this, a loop here beats the call into Buffer#compare (which checks its arguments first).
  if (size > 48) return known.compare(buf, start, start + size) === 0;
  for (let i = 0; i < size; i++) if (known[i] !== buf[start + i]) return false;
  return true;
}
