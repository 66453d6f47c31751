// `dockenstack select`: the test ids of a list that a profile's filters (and any given) select,
// with stestr's semantics; one per line on stdout, the count on stderr; or, with --json, one
// document on stdout (schemaVersion 1, see the README).
import { Command } from 'commander';
import { UsageError } from '../errors.ts';
import { readTextInput } from '../input-paths.ts';
import { findProfile, type Profile } from '../plan/profiles.ts';
import { selectTests } from '../selection/select-tests.ts';
import { selectionFilters } from '../selection/selection-options.ts';
import { parseTestIdList } from '../selection/test-id-list.ts';
import { collect } from './shared-options.ts';

export function selectCommand(): Command {
  return new Command('select')
    .description("print the ids in --tests that the filters select (stestr's include/exclude semantics)")
    .option('--tests <file>', "test ids, one per line (e.g. from 'tempest run --list-tests'); default: the list of the profile's Tempest")
    .option('--profile <name>', "use the profile's tempest-filters/<profile>/include.txt and exclude.txt")
    .option('--include-list <file>', "an include list; replaces the profile's, as gate does (repeatable)", collect, [])
    .option('--exclude-list <file>', "an exclude list; adds to the profile's (repeatable)", collect, [])
    .option('--regex <regex>', "include regexes, split on whitespace as tempest does; replaces the profile's include list")
    .option('--json', 'print one JSON document on stdout instead of the ids (schemaVersion 1, see the README)', false)
    .action((options: { tests?: string; profile?: string; includeList: string[]; excludeList: string[]; regex?: string; json: boolean }) => {
      const profile = options.profile === undefined ? undefined : findProfile(options.profile);
      const filters = selectionFilters(profile?.filtersDir, options);
      const tests = options.tests ?? profileTestIds(profile);
      const ids = parseTestIdList(readTextInput(tests, { option: '--tests', what: 'a list of test ids' }));
      const selection = selectTests(ids, filters);
      if (selection.includesEverything) console.error('dockenstack: no include regex given: every test is selected, as stestr does');
      if (options.json) process.stdout.write(`${JSON.stringify(selectDocument(tests, ids.length, selection), null, 2)}\n`);
      else process.stdout.write(selection.selected.map((id) => `${id}\n`).join(''));
      console.error(`${selection.selected.length} of ${ids.length} tests selected`);
    });
}

export interface SelectDocument {
  readonly schemaVersion: 1;
  /** The file the ids were read from. */
  readonly tests: string;
  readonly total: number;
  readonly count: number;
  /** No include regex was given: stestr selects every test not excluded. */
  readonly includesEverything: boolean;
  readonly selected: readonly string[];
}

export function selectDocument(tests: string, total: number, selection: { readonly selected: readonly string[]; readonly includesEverything: boolean }): SelectDocument {
  return { schemaVersion: 1, tests, total, count: selection.selected.length, includesEverything: selection.includesEverything, selected: selection.selected };
}

/** The profile's own Tempest's test list: what its gate would select from. */
function profileTestIds(profile: Profile | undefined): string {
  const tempest = profile?.kind.knownTempest(profile.release);
  if (!profile || !tempest) {
    throw new UsageError(`needs --tests FILE${profile ? ` (the ${profile.name} profile's Tempest lists its tests only once its stack is up)` : ', or --profile P to count against the test list of its Tempest'}`, { where: '--tests' });
  }
  return tempest.testIdsPath;
}
