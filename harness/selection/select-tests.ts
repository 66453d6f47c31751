// Which tests a run selects, with stestr's semantics (stestr/selection.py construct_list):
// include regexes (the include lists' lines and --regex, OR'd) by re.search on the full id; none
// at all selects everything; then every id an exclude regex finds is removed.
import { compileRule, type FilterList, type FilterRule } from './filter-list.ts';

export interface SelectionInput {
  readonly include: readonly FilterList[];
  readonly exclude: readonly FilterList[];
  /** `--regex`: tempest splits it on whitespace into several regexes. */
  readonly regexes?: readonly FilterRule[];
}

export interface TestSelection {
  readonly selected: readonly string[];
  /** Why each excluded id was removed: the first exclude rule that found it. */
  readonly excludedBy: ReadonlyMap<string, FilterRule>;
  /** No include rule at all: everything was selected, as stestr does. */
  readonly includesEverything: boolean;
}

export function selectTests(ids: readonly string[], input: SelectionInput): TestSelection {
  // stestr joins an include list's lines with `|` into one regex (so a leading (?i) applies to
  // all of them); --regex values stay separate filters. Exclude lines are compiled one by one.
  const includeRules = input.include.flatMap((list) => list.rules);
  const joined: FilterRule[] = includeRules.length
    ? [{ source: includeRules.map((r) => r.source).join('|'), regex: compileRule(includeRules.map((r) => r.source).join('|'), includeRules[0]?.where ?? 'include list'), comment: undefined, where: includeRules[0]?.where ?? '' }]
    : [];
  const includes = [...joined, ...(input.regexes ?? [])];
  const excludes = input.exclude.flatMap((list) => list.rules);
  const selected: string[] = [];
  const excludedBy = new Map<string, FilterRule>();
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) continue;
    seen.add(id);
    if (includes.length && !includes.some((rule) => rule.regex.test(id))) continue;
    const excluder = excludes.find((rule) => rule.regex.test(id));
    if (excluder) excludedBy.set(id, excluder);
    else selected.push(id);
  }
  return { selected, excludedBy, includesEverything: includes.length === 0 };
}
