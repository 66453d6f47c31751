// The distro gate on the Docker driver against the same gate on nova's fake driver: the CI
// selection, the image already built, one gate after the other in one session, alternating
// (docker, fake, docker, fake: ROUNDS pairs), each stage's time side by side and the
// docker/fake ratio of the whole gate (aim: at most 1.3).   npx tsx bench/gate/drivers.ts
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { $ } from 'zx/core';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'bin', 'dockenstack.js');
const reports = mkdtempSync(join(tmpdir(), 'dockenstack-bench-drivers-'));
const rounds = Number(process.env.ROUNDS ?? '1');

type Manifest = { stages: { name: string; seconds: number }[]; totals: { passed: number; failed: number; total: number } };
type Timed = { wall: number; manifest: Manifest };

function gate(runId: string, driver: 'docker' | 'fake'): Timed {
  const started = Date.now();
  const args = ['gate', '--run-id', runId, '--reports', reports, '--set', `VIRT_DRIVER=${driver}`, '--include-list', 'tempest-filters/distro/include-ci.txt'];
  // Its progress lines on our stderr as they come; its exit code checked here.
  const result = $.sync({ cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CI: 'true' }, quiet: true, nothrow: true })`${process.execPath} ${cli} ${args}`;
  if (result.exitCode !== 0) throw new Error(`gate ${runId} exited with ${result.exitCode}`);
  return { wall: (Date.now() - started) / 1000, manifest: JSON.parse(readFileSync(join(reports, runId, 'manifest.json'), 'utf8')) as Manifest };
}

const stamp = Date.now().toString(36);
const docker: Timed[] = [];
const fake: Timed[] = [];
for (let round = 1; round <= rounds; round++) {
  docker.push(gate(`bench-docker-${stamp}-${round}`, 'docker'));
  fake.push(gate(`bench-fake-${stamp}-${round}`, 'fake'));
}
const seconds = (runs: Timed[], stage: string) => runs.map((r) => r.manifest.stages.find((s) => s.name === stage)?.seconds.toFixed(0) ?? '-').join('/');
console.log('| stage | docker s | fake s |\n|---|---:|---:|');
for (const stage of docker[0]?.manifest.stages ?? []) console.log(`| ${stage.name} | ${seconds(docker, stage.name)} | ${seconds(fake, stage.name)} |`);
console.log(`| whole gate | ${docker.map((r) => r.wall.toFixed(0)).join('/')} | ${fake.map((r) => r.wall.toFixed(0)).join('/')} |`);
const ratios = docker.map((d, i) => d.wall / (fake[i]?.wall ?? Number.NaN));
const totals = (runs: Timed[]) => runs.map((r) => `${r.manifest.totals.passed}/${r.manifest.totals.total}`).join(', ');
console.log(`docker/fake per round: ${ratios.map((r) => r.toFixed(2)).join(', ')} (aim <= 1.3); passed: docker ${totals(docker)}, fake ${totals(fake)}`);
