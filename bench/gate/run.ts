// The distro gate cold (no dockenstack image on the engine, not even the debootstrap base) and
// warm (images cached), one after the other in one session, on the CI selection: each stage's
// time side by side, and the warm/cold ratio. Removes dockenstack's images first: run it on a
// machine where that is fine.   npx tsx bench/gate/run.ts
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'bin', 'dockenstack.js');
const reports = mkdtempSync(join(tmpdir(), 'dockenstack-bench-gate-'));

type Manifest = { stages: { name: string; seconds: number }[]; totals: { passed: number; failed: number } };

function gate(runId: string): { wall: number; manifest: Manifest } {
  const started = Date.now();
  const result = spawnSync(process.execPath, [cli, 'gate', '--run-id', runId, '--reports', reports, '--include-list', 'tempest-filters/distro/include-ci.txt'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CI: 'true' } });
  if (result.status !== 0) throw new Error(`gate ${runId} exited with ${result.status}`);
  return { wall: (Date.now() - started) / 1000, manifest: JSON.parse(readFileSync(join(reports, runId, 'manifest.json'), 'utf8')) as Manifest };
}

spawnSync(process.execPath, [cli, 'clean', '--base'], { cwd: root, stdio: 'inherit' });
const cold = gate('bench-cold');
const warm = gate('bench-warm');
console.log('| stage | cold s | warm s |\n|---|---:|---:|');
for (const stage of cold.manifest.stages) {
  const other = warm.manifest.stages.find((s) => s.name === stage.name);
  console.log(`| ${stage.name} | ${stage.seconds.toFixed(0)} | ${other?.seconds.toFixed(0) ?? '-'} |`);
}
console.log(`| whole gate | ${cold.wall.toFixed(0)} | ${warm.wall.toFixed(0)} |`);
console.log(`cold ${(cold.wall / 60).toFixed(1)} min (aim < 25), warm ${(warm.wall / 60).toFixed(1)} min (aim < 12); warm/cold = ${(warm.wall / cold.wall).toFixed(2)}; tests ${cold.manifest.totals.passed}/${warm.manifest.totals.passed} passed`);
