// `dockenstack select`: the test ids of a list that a profile's filters (and any given) select,
// with stestr's semantics; one per line on stdout, the count on stderr.
import { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { testIdsPathOf } from '../plan/debian-release.ts';
import { PROJECT_ROOT, findProfile } from '../plan/profiles.ts';
import { compileRule, loadFilterList, type FilterList } from '../selection/filter-list.ts';
import { selectTests } from '../selection/select-tests.ts';
import { collect } from './shared-options.ts';

export function selectCommand(): Command {
  return new Command('select')
    .description("print the ids in --tests that the filters select (stestr's include/exclude semantics)")
    .option('--tests <file>', "test ids, one per line (e.g. from 'tempest run --list-tests'); default: the list of the profile's Tempest")
    .option('--profile <name>', "use the profile's tempest-filters/<profile>/include.txt and exclude.txt")
    .option('--include-list <file>', 'an include list (repeatable)', collect, [])
    .option('--exclude-list <file>', 'an exclude list (repeatable)', collect, [])
    .option('--regex <regex>', 'include regexes, split on whitespace as tempest does')
    .action((options: { tests?: string; profile?: string; includeList: string[]; excludeList: string[]; regex?: string }) => {
      const { include, exclude } = profileLists(options.profile);
      include.push(...options.includeList.map((path) => loadFilterList(path, '--include-list')));
      exclude.push(...options.excludeList.map((path) => loadFilterList(path, '--exclude-list')));
      const regexes = (options.regex ?? '').split(/\s+/).filter(Boolean).map((source) => ({ source, regex: compileRule(source, '--regex'), comment: undefined, where: '--regex' }));
      const tests = options.tests ?? profileTestIds(options.profile);
      if (!existsSync(tests)) throw new UsageError(`${tests} does not exist`, { where: '--tests' });
      const ids = readFileSync(tests, 'utf8').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
      const selection = selectTests(ids, { include, exclude, regexes });
      if (selection.includesEverything) console.error('dockenstack: no include regex given: every test is selected, as stestr does');
      process.stdout.write(selection.selected.map((id) => `${id}\n`).join(''));
      console.error(`${selection.selected.length} of ${ids.length} tests selected`);
    });
}

/** The profile's own Tempest's test list: what its gate would select from. */
function profileTestIds(profileName: string | undefined): string {
  if (!profileName) throw new UsageError('needs --tests FILE, or --profile P to count against the test list of its Tempest', { where: '--tests' });
  return testIdsPathOf(findProfile(profileName).release, PROJECT_ROOT);
}

export function profileLists(profileName: string | undefined): { include: FilterList[]; exclude: FilterList[] } {
  if (!profileName) return { include: [], exclude: [] };
  const profile = findProfile(profileName);
  const list = (name: string) => (existsSync(join(profile.filtersDir, name)) ? [loadFilterList(join(profile.filtersDir, name))] : []);
  return { include: list('include.txt'), exclude: list('exclude.txt') };
}
