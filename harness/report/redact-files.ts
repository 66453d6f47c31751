// Files a run brings out of its stack (service logs, configs, subunit streams) copied into its
// report folder, each masked on the way: text a whole line at a time (a secret never spans a
// line), a subunit stream packet by packet. Read a piece at a time: a service log can be hundreds
// of MiB.
import { closeSync, openSync, readSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Redactor } from './redact.ts';
import { writeRedactedSubunit } from './redact-results.ts';
import { writePieces } from './write-pieces.ts';
import { redactedPieces } from './write-report.ts';

/** Every file under `from` to the same place under `to`, masked. `from` is left as it was. */
export async function copyRedactedTree(from: string, to: string, redact: Redactor): Promise<void> {
  for (const entry of await readdir(from, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const source = join(entry.parentPath, entry.name);
    const target = join(to, relative(from, source));
    await mkdir(dirname(target), { recursive: true });
    await copyRedactedFile(source, target, redact);
  }
}

export async function copyRedactedFile(source: string, target: string, redact: Redactor): Promise<void> {
  if (source.endsWith('.subunit')) await writeRedactedSubunit(source, target, redact);
  else writePieces(target, redactedPieces(textPieces(source), redact));
}

const PIECE = 64 * 1024;

/** A file's text, a piece at a time, UTF-8 characters never cut between pieces. */
function* textPieces(path: string): Generator<string> {
  const file = openSync(path, 'r');
  const decoder = new StringDecoder('utf8');
  const buffer = Buffer.allocUnsafe(PIECE);
  try {
    for (let read = readSync(file, buffer); read > 0; read = readSync(file, buffer)) yield decoder.write(buffer.subarray(0, read));
    yield decoder.end();
  } finally {
    closeSync(file);
  }
}
