// A list of test ids, as `tempest run --list-tests` prints it and tempest-filters/*-test-ids.txt
// keep it: one id a line (`package.module.Class.test_name[attributes]`), whatever else is
// printed around them (warnings, blank lines, comments) left out. Every command that selects
// reads its ids here, so `select`, a dry run, `report` and the tempest stage select from the same
// ids: a plugin's tests (`neutron_tempest_plugin.…`) too, not only Tempest's own.
const TEST_ID = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+(\[[^\]\s]*\])?$/;

export function isTestIdLine(line: string): boolean {
  return TEST_ID.test(line.trim());
}

export function parseTestIdList(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => TEST_ID.test(line));
}
