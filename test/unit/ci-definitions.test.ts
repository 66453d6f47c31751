// The shipped CI definitions, read by real tools: GitHub's own workflow parser, and a YAML parser
// for GitLab's and Zuul's files, checked for what makes them a non-voting dockenstack gate.
import { readFileSync } from 'node:fs';
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
});
