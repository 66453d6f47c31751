// CRC-32 of any span of a stretch of the stream in constant time, after one linear pass over it.
// Resync tries a packet at every 0xb3 of damaged bytes; each candidate that declares a length of
// up to 4 MiB would otherwise cost a CRC over that length (a stream of such headers: quadratic).
// CRC-32 is linear over GF(2): with P(k) the CRC of the bytes from a fixed origin up to k,
//   crc(bytes[i, j)) = P(j) xor P(i)·x^(8(j-i)) mod the polynomial
// (the identity zlib's crc32_combine rests on), and the product is two table look-ups and two
// carry-less multiplications.
const POLY = 0xedb88320;
/** x^0 in the reflected representation. */
const ONE = 0x80000000;

/** a·b modulo the CRC polynomial, both reflected. */
function multiply(a: number, b: number): number {
  let product = 0;
  for (let m = ONE; m !== 0 && a !== 0; m >>>= 1) {
    if (a & m) {
      product ^= b;
      a &= ~m;
    }
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return product >>> 0;
}

const BYTE_TABLE = new Uint32Array(256);
/** LOW[k] = x^(8k), HIGH[k] = x^(8·2048·k): together any shift of up to 4 MiB - 1 bytes. */
const LOW = new Uint32Array(2048);
const HIGH = new Uint32Array(2048);
let tablesReady = false;

function initTables(): void {
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    BYTE_TABLE[n] = c >>> 0;
  }
  // x^8 is x^1 (0x40000000) squared three times.
  let x8 = 0x40000000;
  for (let i = 0; i < 3; i++) x8 = multiply(x8, x8);
  LOW[0] = ONE;
  for (let k = 1; k < LOW.length; k++) LOW[k] = multiply(LOW[k - 1] as number, x8);
  const step = multiply(LOW[LOW.length - 1] as number, x8);
  HIGH[0] = ONE;
  for (let k = 1; k < HIGH.length; k++) HIGH[k] = multiply(HIGH[k - 1] as number, step);
  tablesReady = true;
}

/** crc·x^(8·bytes) mod the polynomial, for bytes < 4 MiB. */
function shift(crc: number, bytes: number): number {
  return multiply(multiply(HIGH[bytes >>> 11] as number, LOW[bytes & 2047] as number), crc);
}

/**
 * Prefix CRCs over a moving stretch of the stream, by stream offset. Entries before the earliest
 * span still asked for are dropped, so memory stays at about the longest span (4 MiB of packet:
 * 16 MiB of entries) whatever the stream's length.
 */
export class SpanCrc {
  private prefix = new Uint32Array(1024);
  /** Stream offset of prefix[0]; prefix[k] is the CRC from some origin up to first + k. */
  private first = -1;
  private known = 0;

  constructor() {
    if (!tablesReady) initTables();
  }

  /** The CRC-32 of stream bytes [from, to), which sit in `buf` from stream offset `bufOffset` on. */
  crc(buf: Buffer, bufOffset: number, from: number, to: number): number {
    if (this.first === -1 || from < this.first || from > this.first + this.known) this.restart(from);
    else if (from - this.first > this.prefix.length / 2) this.dropBefore(from);
    this.extend(buf, bufOffset, to);
    const p = this.prefix;
    return ((p[to - this.first] as number) ^ shift(p[from - this.first] as number, to - from)) >>> 0;
  }

  private restart(at: number): void {
    this.first = at;
    this.known = 0;
    this.prefix[0] = 0;
  }

  private dropBefore(at: number): void {
    const cut = at - this.first;
    this.prefix.copyWithin(0, cut, this.known + 1);
    this.first = at;
    this.known -= cut;
  }

  private extend(buf: Buffer, bufOffset: number, to: number): void {
    const need = to - this.first;
    if (need <= this.known) return;
    if (need + 1 > this.prefix.length) {
      const bigger = new Uint32Array(Math.max(need + 1, this.prefix.length * 2));
      bigger.set(this.prefix.subarray(0, this.known + 1));
      this.prefix = bigger;
    }
    const p = this.prefix;
    let c = ~(p[this.known] as number);
    for (let k = this.known; k < need; k++) {
      c = (BYTE_TABLE[(c ^ (buf[this.first + k - bufOffset] as number)) & 0xff] as number) ^ (c >>> 8);
      p[k + 1] = ~c;
    }
    this.known = need;
  }
}
