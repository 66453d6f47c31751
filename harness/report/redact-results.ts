// The masking of a run's results and of its subunit stream, before anything renders them: every
// text a report shows (test ids, reasons, tracebacks, logs, damaged bytes) is masked raw, so no
// escaping (HTML, XML, JSON) hides a secret from the Redactor; and the copied stream is rewritten
// with the masking inside its packets, each with a valid CRC, so the copy still parses.
import { closeSync, createReadStream, openSync, readSync, writeSync } from 'node:fs';
import type { RunResults, TestResult } from '../results/model.ts';
import { encodeEvent } from '../subunit/encode-packet.ts';
import type { SubunitEvent } from '../subunit/packet.ts';
import { SubunitDecoder } from '../subunit/parse-stream.ts';
import { redactBytes, type Redactor } from './redact.ts';

export function redactResults(results: RunResults, redact: Redactor): RunResults {
  return {
    ...results,
    tests: results.tests.map((test) => redactTest(test, redact)),
    text: redact(results.text),
    ...(results.damage ? { damage: results.damage.map((stretch) => ({ ...stretch, testIds: stretch.testIds.map(redact) })) } : {}),
  };
}

/** The same object when nothing in it changed: most tests carry no secret. */
export function redactTest(test: TestResult, redact: Redactor): TestResult {
  const id = redact(test.id);
  const reason = test.reason === undefined ? undefined : redact(test.reason);
  let attachments = test.attachments;
  for (const [i, attachment] of test.attachments.entries()) {
    const text = redact(attachment.text);
    if (text === attachment.text) continue;
    if (attachments === test.attachments) attachments = [...test.attachments];
    (attachments as TestResult['attachments'][number][])[i] = { ...attachment, text };
  }
  if (id === test.id && reason === test.reason && attachments === test.attachments) return test;
  return { ...test, id, reason, attachments };
}

/**
 * `source` copied to `target` (appended to it with `append`) with every packet's text masked;
 * unchanged packets are copied as they were.
 */
export async function writeRedactedSubunit(source: string, target: string, redact: Redactor, append = false): Promise<void> {
  const input = openSync(source, 'r');
  const output = openSync(target, append ? 'a' : 'w');
  try {
    const decoder = new SubunitDecoder((packet) => {
      if (packet.kind === 'text') {
        writeSync(output, redactBytes(redact, packet.bytes));
        return;
      }
      const masked = redactEvent(packet, redact);
      if (masked) {
        writeSync(output, encodeEvent(masked));
        return;
      }
      const raw = Buffer.allocUnsafe(packet.length);
      readSync(input, raw, 0, packet.length, packet.offset);
      writeSync(output, raw);
    });
    for await (const chunk of createReadStream(source)) decoder.write(chunk as Buffer);
    decoder.end();
  } finally {
    closeSync(input);
    closeSync(output);
  }
}

/** The event with its texts masked, or undefined when none changed. */
function redactEvent(event: SubunitEvent, redact: Redactor): SubunitEvent | undefined {
  const testId = event.testId === undefined ? undefined : redact(event.testId);
  const routeCode = event.routeCode === undefined ? undefined : redact(event.routeCode);
  const tags = event.tags?.map(redact);
  const fileBytes = event.fileBytes && redactBytes(redact, event.fileBytes);
  const same = testId === event.testId && routeCode === event.routeCode && fileBytes === event.fileBytes && (tags ?? []).every((tag, i) => tag === event.tags?.[i]);
  return same ? undefined : { ...event, testId, routeCode, tags, fileBytes };
}
