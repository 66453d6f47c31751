// The catalogue of bad inputs: each one, given to the real `dockenstack` process, gets one clear
// line naming the place and the reason, exit 2, and nothing built or written.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'dockenstack-bad-input-'));
const reports = join(scratch, 'reports');
const file = (name: string, text: string) => {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
};
const aFile = file('a-file', 'x');
const tests = file('tests.txt', 'tempest.api.a.T.test_1\n');

const CATALOGUE: [string, string[], RegExp][] = [
  ['unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
  ['unknown option', ['gate', '--frob'], /unknown option '--frob'/],
  ['unknown profile', ['gate', '--profile', 'nope'], /--profile: unknown profile 'nope'/],
  ['concurrency not a number', ['gate', '--concurrency', 'two'], /--concurrency: 'two' is not a whole number/],
  ['concurrency zero', ['gate', '--concurrency', '0'], /--concurrency: 0 is out of range/],
  ['threshold not a rate', ['gate', '--threshold', 'high'], /--threshold: 'high' is not a pass rate/],
  ['only-regressions without a baseline', ['gate', '--only-regressions'], /--only-regressions: needs --baseline DIR/],
  ['merge only-regressions without a baseline', ['merge', scratch, '--only-regressions'], /--only-regressions: needs --baseline DIR/],
  ['a VIRT_DRIVER the profile cannot run', ['gate', '--set', 'VIRT_DRIVER=libvirt'], /--set: VIRT_DRIVER 'libvirt' is not one this profile's stack sets up \(docker, fake\)/],
  ['threshold over 100 %', ['gate', '--threshold', '150%'], /--threshold: '150%' is not between 0 and 100 %/],
  ['retry-failed too many', ['gate', '--retry-failed', '9'], /--retry-failed: 9 is out of range/],
  ['shard malformed', ['gate', '--shard', 'x'], /--shard: 'x' is not I\/N/],
  ['shard index zero', ['gate', '--shard', '0/4'], /--shard: '0\/4': I must be between 1 and N/],
  ['shard index past count', ['gate', '--shard', '5/4'], /--shard: '5\/4'/],
  ['engine not an address', ['gate', '--engine', 'docker.example.org'], /--engine: 'docker\.example\.org' is not an engine address/],
  ['engine with --shard', ['gate', '--engine', '/run/a.sock', '--engine', '/run/b.sock', '--shard', '1/2'], /--engine: cannot be combined with --shard/],
  ['timings not a report, without shards (it estimates the time left)', ['gate', '--timings', scratch], /--timings: .* is not a report folder \(no tempest\.subunit/],
  ['timings not a report', ['gate', '--shard', '1/2', '--timings', scratch], /--timings: .* is not a report folder \(no tempest\.subunit/],
  ['report baseline not a report', ['report', aFile, '--baseline', scratch, '--out', join(scratch, 'out')], /--baseline: .* is not a report folder \(no tempest\.subunit/],
  ['merge baseline not a report', ['merge', scratch, '--baseline', scratch, '--out', join(scratch, 'out')], /--baseline: .* is not a report folder \(no tempest\.subunit/],
  ['merge folder not a report', ['merge', scratch, '--out', join(scratch, 'out')], /DIR: .* has no manifest\.json: it is no report folder/],
  ['timeout malformed', ['gate', '--timeout', 'stack'], /--timeout: 'stack' is not STAGE=MINUTES/],
  ['timeout unknown stage', ['gate', '--timeout', 'lunch=5'], /--timeout: unknown stage 'lunch'/],
  ['driver source missing', ['gate', '--driver-src', join(scratch, 'none')], /--driver-src: .* does not exist/],
  ['driver source is a file', ['gate', '--driver-src', aFile], /--driver-src: .* is not a directory/],
  ['driver source no package', ['gate', '--driver-src', scratch], /--driver-src: .* is not a Python package/],
  ['reports is a file', ['gate', '--reports', aFile], /--reports: .* exists and is not a directory/],
  ['baseline not a report', ['gate', '--baseline', scratch], /--baseline: .* is not a report folder/],
  ['local.conf missing', ['gate', '--local-conf', join(scratch, 'none.conf')], /--local-conf: .* does not exist/],
  ['local.conf spaced header', ['gate', '--local-conf', file('spaced.conf', '[[post-config | $NOVA_CONF]]\n[a]\nb=1\n')], /spaced\.conf:1: malformed header .*spaces/],
  ['local.conf unknown phase', ['gate', '--local-conf', file('phase.conf', '[[post_config|$NOVA_CONF]]\n')], /phase\.conf:1: unknown phase 'post_config'/],
  ['local.conf unknown variable', ['gate', '--local-conf', file('var.conf', '[[post-config|$NOVA_CONFIG]]\n[a]\nb=1\n')], /var\.conf:1: unknown config-file variable \$NOVA_CONFIG/],
  ['local.conf bad key', ['gate', '--local-conf', file('key.conf', '[[local|localrc]]\nMY-VAR=1\n')], /key\.conf:2: 'MY-VAR' is not a shell variable name/],
  ['local.conf command substitution', ['gate', '--local-conf', file('cmd.conf', '[[local|localrc]]\nA=$(reboot)\n')], /cmd\.conf:2: the value of A runs a command/],
  ['local.conf unbalanced quote', ['gate', '--local-conf', file('quote.conf', "[[local|localrc]]\nA='open\n")], /quote\.conf:2: .*unbalanced quote/],
  ['local.conf command in an ini value', ['gate', '--local-conf', file('ini.conf', '[[post-config|$NOVA_CONF]]\n[DEFAULT]\nx = `id`\n')], /ini\.conf:3: .*runs a command/],
  ['unknown VIRT_DRIVER', ['gate', '--set', 'VIRT_DRIVER=mine'], /--set: unknown VIRT_DRIVER 'mine'/],
  ['--set without =', ['gate', '--set', 'VIRT_DRIVER'], /--set: 'VIRT_DRIVER' is not KEY=VALUE/],
  ['--set bad name', ['gate', '--set', '9X=1'], /--set: '9X' is not a shell variable name/],
  ['--post-config malformed', ['gate', '--post-config', 'nova.debug'], /--post-config: "nova\.debug" is not \[PHASE\|\]FILE:SECTION\.KEY=VALUE/],
  ['--post-config with a newline', ['gate', '--post-config', '$NOVA_CONF:DEFAULT.a=b\n[[local|localrc]]\nX=$(id)'], /--post-config: "\$NOVA_CONF:DEFAULT\.a=b\\n\[\[local\|localrc\]\]\\nX=\$\(id\)" is not/],
  ['--post-config dangerous value', ['gate', '--post-config', '$NOVA_CONF:DEFAULT.x=$(id)'], /--post-config: .*characters DevStack would interpret/],
  ['include list missing', ['gate', '--include-list', join(scratch, 'none.txt')], /--include-list: .* does not exist/],
  ['include list with atomic group', ['gate', '--include-list', file('atomic.txt', '^tempest\n(?>x)\n')], /atomic\.txt:2: regex '\(\?>x\)': atomic groups/],
  ['exclude list with possessive quantifier', ['gate', '--exclude-list', file('poss.txt', 'a++\n')], /poss\.txt:1: regex 'a\+\+': possessive/],
  ['regex with a mid-pattern flag', ['gate', '--regex', 'a(?i)b'], /--regex: regex 'a\(\?i\)b': inline flags/],
  // Since epoxy-docker, --tests defaults to the profile's Tempest's list: without either, one line.
  ['select without --tests', ['select'], /--tests: needs --tests FILE, or --profile P/],
  ['select tests file missing', ['select', '--tests', join(scratch, 'none.txt')], /--tests: .* does not exist/],
  ['select unknown profile', ['select', '--profile', 'nope', '--tests', tests], /--profile: unknown profile 'nope'/],
  ['report missing file', ['report', join(scratch, 'none.subunit')], /SUBUNIT: .* does not exist/],
  ['report not subunit', ['report', aFile, '--out', join(scratch, 'out')], /SUBUNIT: .* holds no subunit v2 packet/],
  ['report out is a file', ['report', aFile, '--out', aFile], /--out: .* exists and is not a directory/],
  ['localconf unknown profile', ['localconf', '--profile', 'nope'], /--profile: unknown profile 'nope'/],
  // Issue 18: a local stack.
  ['up unknown profile', ['up', '--profile', 'nope'], /--profile: unknown profile 'nope'/],
  ['up bad run id', ['up', '--run-id', 'a b'], /--run-id: "a b" is not a run id/],
  ['up bad VIRT_DRIVER', ['up', '--set', 'VIRT_DRIVER=mine'], /--set: unknown VIRT_DRIVER 'mine'/],
  ['exec without --', ['exec', 'ls'], /exec: the command goes after --/],
  ['exec no command', ['exec', 'r1', '--'], /exec: no command after --/],
  ['exec two runs', ['exec', 'r1', 'r2', '--', 'ls'], /exec: one RUN before --, not 2 words/],
  // Issue 20.
  ['report out under /etc', ['report', aFile, '--out', '/etc/dockenstack-out'], /--out: \/etc\/dockenstack-out is a system folder/],
  ['reports is /etc', ['gate', '--reports', '/etc'], /--reports: \/etc is a system folder/],
  ['local.conf is /dev/zero', ['gate', '--local-conf', '/dev/zero'], /--local-conf: \/dev\/zero is not a regular file \(a device\)/],
  ['--post-config command in the file', ['gate', '--post-config', '$NOVA_CONF$(id):DEFAULT.x=1'], /--post-config: the file '\$\(id\)' holds/],
  ['--post-config ; in the section', ['gate', '--post-config', '$NOVA_CONF:DEFAULT;id.x=1'], /--post-config: the section 'DEFAULT;id' holds/],
  ['--post-config backticks in the key', ['gate', '--post-config', '$NOVA_CONF:DEFAULT.`id`=1'], /--post-config: the key '`id`' holds/],
  ['password too short', ['gate', '--set', 'ADMIN_PASSWORD=abc'], /--set: ADMIN_PASSWORD has 3 character\(s\)/],
  // Issue 20, audited: a local stack's RUN is checked before the engine is asked, quoted on one line.
  ['down RUN with a newline', ['down', 'a\nb'], /^dockenstack: RUN: "a\\nb" is not a run id/],
  ['exec RUN with a path', ['exec', '../x', '--', 'true'], /^dockenstack: RUN: "\.\.\/x" is not a run id/],
  ['tempest RUN too long', ['tempest', 'r'.repeat(100)], /^dockenstack: RUN: "r{64}…" is not a run id/],
  ['tempest reports is /etc', ['tempest', '--reports', '/etc'], /--reports: \/etc is a system folder/],
  ['tempest include list a device', ['tempest', '--include-list', '/dev/zero'], /--include-list: \/dev\/zero is not a regular file \(a device\)/],
  ['select tests a device', ['select', '--profile', 'distro', '--tests', '/dev/zero'], /--tests: \/dev\/zero is not a regular file \(a device\)/],
];

describe('bad input', () => {
  it(`is refused with one clear line and exit 2, nothing written (${CATALOGUE.length} cases)`, async () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(30);
    for (const [what, args, message] of CATALOGUE) {
      // A gate given no --reports would write under the scratch folder's reports/: it must not.
      const extra = (args[0] === 'gate' || args[0] === 'up') && !args.includes('--reports') ? ['--reports', reports] : [];
      const result = await runCli([...args, ...extra], { cwd: scratch, env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent.sock' } });
      const lines = result.stderr.trim().split('\n').filter((line) => !line.startsWith('  hint:') && !line.startsWith('(run with --help'));
      expect(result.code, `${what}: ${result.stderr}`).toBe(2);
      expect(lines, what).toHaveLength(1);
      expect(lines[0], what).toMatch(message);
      expect(result.stdout, what).toBe('');
    }
    // Nothing was written: no reports folder, no run folder, no output folder.
    expect(existsSync(reports)).toBe(false);
    expect(readdirSync(scratch).filter((name) => ['out', 'reports'].includes(name))).toEqual([]);
  }, 300_000);
});
