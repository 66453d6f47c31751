// Each distro profile is built from its own Debian release, and what the dry run and `select`
// count is that release's Tempest, not another's.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describePlan, readTestIdsFixture, buildGatePlan, type GateOptions } from '../../../harness/plan/gate-plan.ts';
import { testIdsPathOf } from '../../../harness/stacks/debian-release.ts';
import { PROJECT_ROOT } from '../../../harness/project-root.ts';
import { selectTests } from '../../../harness/selection/select-tests.ts';
import { runCli } from '../../support/run-cli.ts';

const options = (profile: string): GateOptions => ({
  profile, set: [], postConfig: [], allowVirtDriver: [], concurrency: '2', voting: false, keep: false, dryRun: true,
  reports: join(PROJECT_ROOT, 'reports'), retryFailed: '0', engine: [], includeList: [], excludeList: [], timeout: [], onlyRegressions: false,
});

describe('a profile’s Debian release', () => {
  it.each([
    ['distro', 'trixie', 43, 1542],
    ['distro-zed', 'bookworm', 33, 1646],
  ])('%s builds on %s and counts against Tempest %i’s %i tests', (profile, suite, tempest, count) => {
    const plan = buildGatePlan(options(profile));
    expect(plan.stack.image.buildArgs.BASE_IMAGE).toBe(`dockenstack-base:${suite}-minbase`);
    expect(plan.stack.image.baseImage).toEqual({ tag: `dockenstack-base:${suite}-minbase`, suite });
    const ids = readTestIdsFixture(testIdsPathOf(plan.profile.release, PROJECT_ROOT));
    expect(ids).toHaveLength(count);
    const selected = selectTests(ids ?? [], { include: plan.selection.include, exclude: plan.selection.exclude, regexes: plan.selection.regexes }).selected;
    expect(describePlan(plan, ids, selected.length)).toContain(`selection     ${selected.length} of the ${count} tests of Tempest ${tempest} (Debian ${suite}'s)`);
  });

  it('is the default profile’s: trixie', () => {
    expect(buildGatePlan({ ...options('distro') }).profile.release.suite).toBe('trixie');
  });
});

describe('dockenstack select --profile without --tests', () => {
  const select = (...args: string[]) => runCli(['select', ...args]);

  it.each([
    ['distro', 1542],
    ['distro-zed', 1646],
  ])('counts %s’s selection against its own Tempest’s %i tests', async (profile, count) => {
    const result = await select('--profile', profile);
    expect(result.code, result.stderr).toBe(0);
    const listed = result.stdout.trim().split('\n');
    expect(result.stderr).toContain(`${listed.length} of ${count} tests selected`);
  });

  it('asks for --tests when no profile names a Tempest', async () => {
    const result = await select('--regex', 'identity');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--tests/);
  });
});
