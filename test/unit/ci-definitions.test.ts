// The shipped CI definitions, read by real tools: GitHub's own workflow parser, GitLab's own
// schema (the ci.json gitlab-ci-local bundles and validates with), and a YAML parser for Zuul's
// files (no Zuul linter installs here: Zuul comes from PyPI only), checked for what makes them a
// non-voting dockenstack gate that runs as its service runs it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('CI definitions', () => {
  it("GitHub Actions: GitHub's parser accepts the workflow; shards, non-voting, artifacts, merge", () => {
    const result = parseWorkflow({ name: 'gate.yml', content: read('.github/workflows/gate.yml') }, new NoOperationTraceWriter());
    expect(result.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    const workflow = parse(read('.github/workflows/gate.yml')) as { jobs: Record<string, { 'continue-on-error'?: boolean; strategy?: { matrix: { shard: number[] } }; steps: { run?: string; uses?: string }[]; needs?: string } > };
    expect(workflow.jobs.gate?.['continue-on-error']).toBe(true);
    expect(workflow.jobs.gate?.strategy?.matrix.shard).toEqual([1, 2]);
    expect(workflow.jobs.gate?.steps.some((s) => s.run?.includes('npm run gate -- --shard ${{ matrix.shard }}/2'))).toBe(true);
    expect(workflow.jobs.gate?.steps.some((s) => s.uses?.startsWith('actions/upload-artifact'))).toBe(true);
    expect(workflow.jobs.merge?.needs).toBe('gate');
    expect(workflow.jobs.merge?.steps.some((s) => s.run?.startsWith('npx dockenstack merge'))).toBe(true);
  });

  it('GitLab CI: parallel shards, allow_failure, JUnit reports, a merge stage', () => {
    const ci = parse(read('.gitlab-ci.yml')) as Record<string, { parallel?: number; allow_failure?: boolean; script?: string[]; artifacts?: { reports?: { junit?: string } }; stage?: string }>;
    expect(ci.gate).toMatchObject({ parallel: 2, allow_failure: true, artifacts: { reports: { junit: 'reports/shard-*/junit.xml' } } });
    expect(ci.gate?.script).toContain('npm run gate -- --shard ${CI_NODE_INDEX}/${CI_NODE_TOTAL} --reports reports --run-id shard-${CI_NODE_INDEX} $DOCKENSTACK_GATE_ARGS');
    expect(ci.merge?.stage).toBe('merge');
  });

  it('Zuul: a non-voting job whose playbook runs npm run gate', () => {
    const jobs = parse(read('zuul.d/jobs.yaml')) as { job: { name: string; voting: boolean; run: string } }[];
    expect(jobs[0]?.job).toMatchObject({ name: 'dockenstack-gate', voting: false, run: 'playbooks/dockenstack-gate/run.yaml' });
    const playbook = parse(read(jobs[0]?.job.run ?? '')) as { tasks: { 'ansible.builtin.shell'?: { cmd: string } }[] }[];
    expect(playbook[0]?.tasks.some((t) => t['ansible.builtin.shell']?.cmd.includes('npm run gate'))).toBe(true);
  });

  it("item 12: GitLab CI: GitLab's own schema accepts the file, and the gate job has a Docker engine (dind, DOCKER_HOST) and debootstrap", () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockenstack-gitlab-schema-'));
    copyFileSync(join(root, '.gitlab-ci.yml'), join(dir, '.gitlab-ci.yml'));
    const git = (...args: string[]) => spawnSync('git', ['-c', 'user.name=dockenstack', '-c', 'user.email=dockenstack@localhost', ...args], { cwd: dir });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'copy');
    const list = spawnSync(join(root, 'node_modules', '.bin', 'gitlab-ci-local'), ['--list'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(`${list.stdout}${list.stderr}`).toMatch(/json schema validated/);
    expect(list.status, list.stderr).toBe(0);
    const ci = parse(read('.gitlab-ci.yml')) as Record<string, { services?: { name: string; alias?: string }[]; variables?: Record<string, string>; before_script?: string[] }>;
    expect(ci.gate?.services).toEqual([expect.objectContaining({ name: expect.stringMatching(/^docker:.*dind$/), alias: 'docker' })]);
    expect(ci.gate?.variables).toMatchObject({ DOCKER_HOST: 'tcp://docker:2375', DOCKER_TLS_CERTDIR: '' });
    expect(ci.gate?.before_script?.join('\n')).toMatch(/apt-get install -y .*debootstrap/);
  }, 60_000);

  it("item 12: Zuul: Node.js 20, Docker and publishing from zuul-jobs' roles, not jammy's nodejs 12", () => {
    type Job = { roles: { zuul: string }[]; vars: { node_version: number }; 'pre-run': string; run: string; 'post-run': string };
    const job = (parse(read('zuul.d/jobs.yaml')) as { job: Job }[])[0]?.job as Job;
    expect(job.roles).toEqual([{ zuul: 'zuul/zuul-jobs' }]);
    expect(job.vars.node_version).toBe(20);
    type Play = { roles?: string[]; tasks?: Record<string, { name?: unknown } & Record<string, unknown>>[] };
    const [pre] = parse(read(job['pre-run'])) as Play[];
    expect(pre?.roles).toEqual(['ensure-nodejs', 'ensure-docker']);
    const everything = [job['pre-run'], job.run, job['post-run']].map(read).join('\n');
    expect(everything).not.toMatch(/\bnodejs\b.*\bnpm\b|name: \[.*nodejs/);
    const [post] = parse(read(job['post-run'])) as Play[];
    expect(post?.tasks?.some((task) => (task['ansible.builtin.include_role'] as { name?: string } | undefined)?.name === 'fetch-output')).toBe(true);
    expect(post?.tasks?.some((task) => String((task['ansible.builtin.copy'] as { dest?: string } | undefined)?.dest).includes('zuul-output/logs'))).toBe(true);
  });
});
