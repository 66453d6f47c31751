// A real Tempest stream made larger and still valid: its packets re-encoded, copy after copy, with
// each copy's test ids renamed and its timestamps shifted, so that the copies are distinct tests
// of one longer run. For the benchmarks and the large-run tests.
import { SUBUNIT_STATUSES, type SubunitEvent } from '../../harness/subunit/packet.ts';
import { encodePacket } from './subunit-encoder.ts';

/** The encoded packets of copy number `copy` of `packets`, timestamps moved on by `shiftMs` per copy. */
export function* copyOfStream(packets: readonly SubunitEvent[], copy: number, shiftMs: number): Generator<Buffer> {
  for (const p of packets) {
    const shifted = p.timestamp === undefined ? undefined : p.timestamp + copy * shiftMs;
    yield encodePacket({
      status: SUBUNIT_STATUSES.indexOf(p.status),
      ...(p.testId !== undefined ? { testId: p.testId.replace(/\.(test_\w+|setUpClass)/, `.$1_copy${copy}`) } : {}),
      ...(shifted !== undefined ? { timestamp: { seconds: Math.floor(shifted / 1000), nanos: Math.round((shifted % 1000) * 1e6) } } : {}),
      ...(p.tags ? { tags: [...p.tags] } : {}),
      ...(p.mimeType !== undefined ? { mimeType: p.mimeType } : {}),
      ...(p.fileName !== undefined && p.fileBytes ? { file: { name: p.fileName, bytes: p.fileBytes } } : {}),
      ...(p.routeCode !== undefined ? { routeCode: p.routeCode } : {}),
      eof: p.eof,
      runnable: p.runnable,
    });
  }
}
