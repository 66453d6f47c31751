import { describe, expect, it } from 'vitest';
import { PythonRegexError, translatePythonRegex } from '../../../harness/selection/python-regex.ts';

const search = (pattern: string, text: string) => translatePythonRegex(pattern).test(text);

describe('translatePythonRegex', () => {
  it.each([
    // [python pattern, text, does Python's re.search find it]
    ['^tempest\\.api\\.compute', 'tempest.api.compute.servers.T.test', true],
    ['(?P<kind>volume)\\.', 'tempest.api.volume.x', true],
    ['foo$', 'foo\n', true], // Python's $ matches before a trailing newline; JavaScript's does not
    ['foo\\Z', 'foo\n', false],
    ['\\Afoo', 'foo', true],
    ['\\Afoo', 'xfoo', false],
    ['(?i)TEMPEST', 'tempest.api', true],
    ['a{,2}b', 'aab', true], // {,n} is {0,n} in Python; JavaScript would take it literally
    ['a{,2}b', 'a{,2}c', false],
    ['x{', 'x{', true], // a lone brace is literal in Python
    ['\\d', '\u0663', true], // Python's \d is any Unicode digit (here ARABIC-INDIC THREE)
    ['\\w+', 'ünï', true],
    ['\\bsmoke\\b', 'test[id-1,smoke]', true],
    ['\\bsmoke\\b', 'test_smoketest', false],
    ['[]a]', ']', true], // ] first in a set is literal in Python
    ['^(?!.*?(boto|volume|resize|suspend|rescue|cinder|migrate|object_storage)).*', 'tempest.api.compute.servers.test_servers', true],
    ['^(?!.*?(boto|volume|resize|suspend|rescue|cinder|migrate|object_storage)).*', 'tempest.api.compute.volumes.test_attach', false],
    ['(?#a comment)tempest', 'tempest', true],
    ['(?<=api\\.)compute', 'tempest.api.compute', true],
  ])('%s on %j → %s', (pattern, text, expected) => {
    expect(search(pattern, text)).toBe(expected);
  });

  it.each([
    ['a*+', /possessive/],
    ['(?>a)', /atomic/],
    ['a(?i)b', /inline flags are only translated at the very start/],
    ['(?x) a b', /\(\?x\)/],
    ['(?(1)a|b)', /conditional/],
    ['\\N{DIGIT ONE}', /named Unicode/],
    ['[a', /unterminated/],
    ['a\\', /lone backslash/],
    ['\\q', /bad escape/],
    ['(unclosed', /./],
    ['(?P<x>rescue)|(?P=x)', /backreferences/],
    ['(a)\\1', /backreferences/],
  ])('refuses %s', (pattern, message) => {
    expect(() => translatePythonRegex(pattern)).toThrow(PythonRegexError);
    expect(() => translatePythonRegex(pattern)).toThrow(message);
  });
});

describe("against Python's own re, on Tempest 33's 1646 test ids", () => {
  it('selects exactly the ids Python selects, for each pattern', async () => {
    const { execFileSync } = await import('node:child_process');
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { PROJECT_ROOT } = await import('../../../harness/project-root.ts');
    const idsPath = join(PROJECT_ROOT, 'tempest-filters', 'tempest-33-test-ids.txt');
    const ids = readFileSync(idsPath, 'utf8').trim().split('\n');
    const patterns = [
      '^tempest\\.api\\.(identity|image)\\.v\\d',
      '(?i)NEGATIVE',
      'smoke\\]$',
      '\\bsmoke\\b',
      'test_\\w{,5}_server',
      '(?P<p>servers?)\\.test_',
      '\\[id-[0-9a-f]{8}-',
      '^(?!.*?(boto|volume|resize|suspend|rescue|cinder|migrate|object_storage)).*',
      '(?<=compute\\.)admin\\.test_\\w+$',
    ];
    const python = execFileSync('python3', ['-c', [
      'import json, re, sys',
      'ids = open(sys.argv[1]).read().split()',
      'pats = json.loads(sys.argv[2])',
      'print(json.dumps([[i for i in ids if re.search(p, i)] for p in pats]))',
    ].join('\n'), idsPath, JSON.stringify(patterns)]).toString();
    const expected = JSON.parse(python) as string[][];
    patterns.forEach((pattern, i) => {
      const regex = translatePythonRegex(pattern);
      expect(ids.filter((id) => regex.test(id)), pattern).toEqual(expected[i]);
    });
  });
});
