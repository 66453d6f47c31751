// A large report file written from its pieces as they are made. Synchronously: the pieces are
// made faster than an asynchronous write of each comes back, and waiting on hundreds of those
// took longer than making the file (measured on the 105 MiB bench stream: 0.19 s idle).
import { closeSync, openSync, writeSync } from 'node:fs';

export function writePieces(path: string, pieces: Iterable<string>): void {
  const file = openSync(path, 'w');
  try {
    for (const piece of pieces) writeSync(file, piece);
  } finally {
    closeSync(file);
  }
}
