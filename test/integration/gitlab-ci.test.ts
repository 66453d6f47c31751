// The shipped GitLab job, run by gitlab-ci-local with its shell executor: GitLab's own semantics
// (`parallel` expanding into CI_NODE_INDEX/CI_NODE_TOTAL, variables, the script as a runner runs
// it) on a copy of this checkout. The gate is given `--dry-run` through DOCKENSTACK_GATE_ARGS, so
// each shard's job (in a build folder of its own: --shell-isolation) installs the project and
// plans its shard without building anything. The job's docker:dind service is left out of the
// copy: gitlab-ci-local would pull its image even for the shell executor, and no container
// registry answers here (GitLab's schema, which the unit tests check the file against, covers it).
//   needs: git, rsync (gitlab-ci-local copies the tree with it), the npm registry (the job's npm ci)
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'dockenstack-gitlab-'));

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 600_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(-2000)}`);
  return result.stdout;
}

beforeAll(() => {
  // The job runs `npm ci` where it stands: on a copy, never on the tree the tests run from.
  const files = run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], root).split('\0').filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(work, file)), { recursive: true });
    cpSync(join(root, file), join(work, file));
  }
  const ci = parse(readFileSync(join(work, '.gitlab-ci.yml'), 'utf8')) as Record<string, Record<string, unknown>>;
  delete ci.gate?.services;
  writeFileSync(join(work, '.gitlab-ci.yml'), stringify(ci));
  run('git', ['init', '-q'], work);
  run('git', ['add', '-A'], work);
  run('git', ['-c', 'user.name=dockenstack', '-c', 'user.email=dockenstack@localhost', 'commit', '-qm', 'copy'], work);
});

describe('the GitLab CI job under gitlab-ci-local', () => {
  it('runs as two parallel shards, each calling npm run gate with its own --shard I/2', () => {
    const result = spawnSync(join(root, 'node_modules', '.bin', 'gitlab-ci-local'), ['--force-shell-executor', '--shell-isolation', '--variable', 'DOCKENSTACK_GATE_ARGS=--dry-run', 'gate'], {
      cwd: work,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 900_000,
    });
    const output = `${result.stdout}${result.stderr}`;
    expect(result.status, output.slice(-4000)).toBe(0);
    for (const index of [1, 2]) {
      const job = output.split('\n').filter((line) => line.startsWith(`gate: [${index}/2]`)).join('\n');
      expect(job, output.slice(-4000)).toContain(`node bin/dockenstack.js gate --shard ${index}/2 --reports reports --run-id shard-${index} --dry-run`);
      expect(job).toMatch(new RegExp(`tempest +include .*; shard ${index}/2`));
      expect(job).toMatch(/selection +\d+ of the 1542 tests of Tempest 43 .*; \d+ in this shard/);
      // allow_failure would hide a failed script behind exit 0: the job itself must have passed.
      expect(job).not.toMatch(/WARN|FAIL/);
    }
  });
});
