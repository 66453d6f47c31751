// A real process driving the engine layer, for the interrupt test: starts a labelled container,
// runs a long command inside with streamed output, and on SIGINT stops it, removes the container
// and exits 130 — what the gate does, without the rest of the gate.
import { connectEngine } from '../../../harness/engine/engine.ts';
import { startContainer } from '../../../harness/engine/container.ts';
import { guardInterrupts } from '../../../harness/gate/interrupts.ts';
import { silentProgress } from '../../../harness/progress/console-progress.ts';

const [image, runId] = process.argv.slice(2);
if (!image || !runId) throw new Error('usage: drive-engine.ts IMAGE RUN_ID');

const engine = await connectEngine();
const interrupts = guardInterrupts();
const container = await startContainer(
  engine,
  { image, name: `dockenstack-${runId}`, runId, privileged: 'auto', init: true, command: ['sleep', 'infinity'] },
  silentProgress,
);
const result = await container.exec(['sh', '-c', 'i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 0.2; done'], {
  onLine: (line) => process.stdout.write(`${line}\n`),
  signal: interrupts.signal,
  killGraceSeconds: 2,
});
// What a stopped command left behind inside is checked by the test through this line.
// (`[t]ick` matches the loop's command line but not this one's.)
await container.exec(['sh', '-c', 'for s in /proc/[0-9]*/cmdline; do tr "\\0" " " < $s; echo; done | grep -c "[t]ick" || true'], {
  onLine: (line) => process.stdout.write(`inside: ${line}\n`),
});
await container.remove();
interrupts.dispose();
process.stdout.write(`exec ended: exit ${result.exitCode}, aborted ${result.aborted}\n`);
process.exit(result.aborted ? 130 : 0);
