// The filters a selection's options make, for every command that selects (gate, through its
// plan, and select), so that they agree: the profile's include and exclude lists; `--include-list`
// and `--regex` replace its include list (stestr would OR them, and `--regex one_test` would then
// run the whole selection); `--exclude-list` adds to its exclude list.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compileRule, loadFilterList, type FilterList, type FilterRule } from './filter-list.ts';

export interface SelectionOptions {
  readonly includeList: readonly string[];
  readonly excludeList: readonly string[];
  readonly regex?: string;
}

export interface SelectionFilters {
  readonly include: readonly FilterList[];
  readonly exclude: readonly FilterList[];
  readonly regexes: readonly FilterRule[];
  readonly regexText: string | undefined;
}

/** `filtersDir`: the profile's tempest-filters/<profile>/, or undefined for no profile. */
export function selectionFilters(filtersDir: string | undefined, options: SelectionOptions): SelectionFilters {
  const profileList = (name: string) => (filtersDir !== undefined && existsSync(join(filtersDir, name)) ? [loadFilterList(join(filtersDir, name))] : []);
  const userIncludes = options.includeList.length > 0 || Boolean(options.regex?.trim());
  return {
    include: userIncludes ? options.includeList.map((path) => loadFilterList(path, '--include-list')) : profileList('include.txt'),
    exclude: [...profileList('exclude.txt'), ...options.excludeList.map((path) => loadFilterList(path, '--exclude-list'))],
    regexes: (options.regex ?? '').split(/\s+/).filter(Boolean).map((source) => ({ source, regex: compileRule(source, '--regex'), comment: undefined, where: '--regex' })),
    regexText: options.regex,
  };
}
