// The distro gate of each release (distro: Epoxy on trixie; distro-zed: Zed on bookworm) cold (no
// dockenstack image on the engine, not even the debootstrap bases) and warm (images cached), one
// after the other in one session, each on its profile's CI selection: each stage's time side by
// side, and the warm/cold ratios. Cold means cold: the gates run on an engine of the bench's own
// (its own dockerd, socket, data root and bridge), started on an empty data root and removed at
// the end, so nobody's images are removed and nothing cached elsewhere helps.
//   npx tsx bench/gate/run.ts
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecondEngine } from '../../test/integration/support/second-engine.ts';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'bin', 'dockenstack.js');
const reports = mkdtempSync(join(tmpdir(), 'dockenstack-bench-gate-'));

type Manifest = { stages: { name: string; seconds: number }[]; totals: { passed: number; failed: number } };

function gate(profile: string, runId: string): { wall: number; manifest: Manifest } {
  const started = Date.now();
  const result = spawnSync(process.execPath, [cli, 'gate', '--profile', profile, '--run-id', runId, '--reports', reports, '--include-list', `tempest-filters/${profile}/include-ci.txt`], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...engine.env(), CI: 'true' } });
  if (result.status !== 0) throw new Error(`gate ${runId} exited with ${result.status}`);
  return { wall: (Date.now() - started) / 1000, manifest: JSON.parse(readFileSync(join(reports, runId, 'manifest.json'), 'utf8')) as Manifest };
}

const engine = new SecondEngine({ name: 'dockenstack-bench-engine', bridge: 'dockenstack3', bridgeAddress: '172.31.251.1/24' });
rmSync(engine.dataRoot, { recursive: true, force: true });
await engine.start();
const profiles = ['distro', 'distro-zed'];
let runs: { profile: string; cold: ReturnType<typeof gate>; warm: ReturnType<typeof gate> }[];
try {
  runs = profiles.map((profile) => ({ profile, cold: gate(profile, `bench-${profile}-cold`), warm: gate(profile, `bench-${profile}-warm`) }));
} finally {
  await engine.stop();
  rmSync(engine.dataRoot, { recursive: true, force: true });
}
console.log(`| stage | ${runs.map((r) => `${r.profile} cold s | ${r.profile} warm s`).join(' | ')} |\n|---|${runs.map(() => '---:|---:').join('|')}|`);
for (const { name } of runs[0]!.cold.manifest.stages) {
  const seconds = (manifest: Manifest) => manifest.stages.find((s) => s.name === name)?.seconds.toFixed(0) ?? '-';
  console.log(`| ${name} | ${runs.map((r) => `${seconds(r.cold.manifest)} | ${seconds(r.warm.manifest)}`).join(' | ')} |`);
}
console.log(`| whole gate | ${runs.map((r) => `${r.cold.wall.toFixed(0)} | ${r.warm.wall.toFixed(0)}`).join(' | ')} |`);
for (const { profile, cold, warm } of runs) console.log(`${profile}: cold ${(cold.wall / 60).toFixed(1)} min (aim < 15), warm ${(warm.wall / 60).toFixed(1)} min (aim < 10); warm/cold = ${(warm.wall / cold.wall).toFixed(2)}; tests ${cold.manifest.totals.passed}/${warm.manifest.totals.passed} passed`);
