// Our selection against real Tempest's own: Debian's tempest lists the tests it would run with the
// same include/exclude lists and regexes, and the two must agree id for id.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildImage } from '../../harness/engine/image-build.ts';
import { managedLabels } from '../../harness/engine/labels.ts';
import { PROJECT_ROOT } from '../../harness/project-root.ts';
import { silentProgress } from '../../harness/progress/console-progress.ts';
import { compileRule, parseFilterText } from '../../harness/selection/filter-list.ts';
import { selectTests } from '../../harness/selection/select-tests.ts';
import { baseImage, realEngine } from './support/engine-fixtures.ts';

let image: string;
const ids = readFileSync(join(PROJECT_ROOT, 'tempest-filters', 'tempest-33-test-ids.txt'), 'utf8').trim().split('\n');

beforeAll(async () => {
  const engine = await realEngine();
  const base = await baseImage(engine);
  image = (await buildImage(engine, { contextDir: join(PROJECT_ROOT, 'test', 'images', 'tempest'), repository: 'dockenstack-test-tempest', buildArgs: { BASE_IMAGE: base }, labels: managedLabels('check') }, silentProgress)).tag;
});

/** Real tempest's selection, in a throwaway container: lists go in through stdin as files. */
function tempestSelects(include: string | undefined, exclude: string | undefined, regex?: string): string[] {
  const script = [
    'mkdir -p /w && cd /w && tempest init . >/dev/null 2>&1',
    `printf '%s' "$INCLUDE" > /w/include.txt; printf '%s' "$EXCLUDE" > /w/exclude.txt`,
    `tempest run --list-tests ${include !== undefined ? '--include-list /w/include.txt' : ''} ${exclude !== undefined ? '--exclude-list /w/exclude.txt' : ''} ${regex ? '--regex "$REGEX"' : ''}`,
  ].join('\n');
  const out = execFileSync('docker', ['run', '--rm', '--label', 'dockenstack.managed=true', '-e', 'INCLUDE', '-e', 'EXCLUDE', '-e', 'REGEX', image, 'sh', '-c', script], {
    env: { ...process.env, INCLUDE: include ?? '', EXCLUDE: exclude ?? '', REGEX: regex ?? '' },
    maxBuffer: 64 * 1024 * 1024,
  }).toString();
  return out.split('\n').filter((line) => line.startsWith('tempest.'));
}

const list = (path: string) => readFileSync(join(PROJECT_ROOT, path), 'utf8');

describe('our selection equals tempest run --list-tests', () => {
  it.each([
    ['the distro-zed profile', list('tempest-filters/distro-zed/include.txt'), list('tempest-filters/distro-zed/exclude.txt'), undefined],
    ['the distro-zed CI selection', list('tempest-filters/distro-zed/include-ci.txt'), list('tempest-filters/distro-zed/exclude.txt'), undefined],
    ['the nova-docker profile', undefined, list('tempest-filters/nova-docker/exclude.txt'), undefined],
    ['tricky regexes', '(?i)^TEMPEST\\.api\\.compute\\.servers\n\\bsmoke\\b\n', 'negative$\n(?P<x>rescue)|\\[id-0\n', undefined],
    ['--regex split on whitespace', undefined, 'volume\n', '^tempest\\.api\\.image\\.v2 ^tempest\\.api\\.identity\\.v3\\.test_tokens'],
  ])('%s', (_, include, exclude, regex) => {
    const ours = selectTests(ids, {
      include: include === undefined ? [] : [parseFilterText(include, 'include')],
      exclude: exclude === undefined ? [] : [parseFilterText(exclude, 'exclude')],
      regexes: (regex ?? '').split(/\s+/).filter(Boolean).map((source) => ({ source, regex: compileRule(source, '--regex'), comment: undefined, where: '--regex' })),
    }).selected;
    const theirs = tempestSelects(include, exclude, regex);
    expect(theirs.length).toBeGreaterThan(0);
    expect([...ours].sort()).toEqual([...theirs].sort());
  });
});
