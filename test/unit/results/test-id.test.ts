import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { collectResults } from '../../../harness/results/collect.ts';
import { classNameOf, fixtureOf, splitTestId } from '../../../harness/results/test-id.ts';
import { parseSubunit } from '../../../harness/subunit/parse-stream.ts';

const fixture = join(import.meta.dirname, '..', '..', 'fixtures', 'subunit', 'distro-full.subunit.gz');

describe('test ids', () => {
  it('split into class, name and idempotent id, as subunit2junitxml names a case', () => {
    expect(splitTestId('tempest.api.compute.servers.test_x.ServersTest.test_list[id-9a438d88-10c6,smoke]')).toEqual({
      className: 'tempest.api.compute.servers.test_x.ServersTest',
      name: 'test_list[id-9a438d88-10c6,smoke]',
      uuid: '9a438d88-10c6',
      attributes: ['id-9a438d88-10c6', 'smoke'],
    });
    expect(splitTestId('setUpClass (tempest.api.compute.servers.test_x.ServersTest)')).toEqual({
      className: 'tempest.api.compute.servers.test_x.ServersTest',
      name: 'setUpClass',
      uuid: undefined,
      attributes: [],
    });
    expect(fixtureOf('tearDownClass (a.B)')).toEqual({ kind: 'tearDownClass', className: 'a.B' });
    expect(fixtureOf('a.B.test_x[id-1]')).toBeUndefined();
    // Ends with `)` without being a fixture: the expression still decides.
    expect(fixtureOf('a.B.test_x(1)')).toBeUndefined();
  });

  it.each(['plain', 'a.B.test_x', 'a.B.test_x[id-1]', '[a.b]', 'x[a.b]', '.test', 'a.b.c[', 'a.B.test_x(1)', 'setUpModule (a.b)', 'setUpClass (a.b'])(
    'classNameOf(%j) is splitTestId’s class name',
    (id) => {
      expect(classNameOf(id)).toBe(splitTestId(id).className);
    },
  );

  it("classNameOf agrees with splitTestId on every id of a real full Tempest run", async () => {
    const { tests } = await collectResults(parseSubunit(createReadStream(fixture).pipe(createGunzip())));
    expect(tests.length).toBeGreaterThan(800);
    const differing = tests.filter((test) => classNameOf(test.id) !== splitTestId(test.id).className).map((test) => test.id);
    expect(differing).toEqual([]);
  });
});
