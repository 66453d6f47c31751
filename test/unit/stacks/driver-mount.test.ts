import { describe, expect, it } from 'vitest';
import { parseLocalrc } from '../../../harness/localconf/localrc.ts';
import { resolveLocalConf } from '../../../harness/localconf/resolve.ts';
import { parseLocalConf } from '../../../harness/localconf/parse.ts';
import { findProfile } from '../../../harness/plan/profiles.ts';
import { driverSourceMount } from '../../../harness/stacks/driver-mount.ts';

describe('driverSourceMount', () => {
  it("mounts the checkout where DevStack clones the nova-docker plugin, and keeps DevStack from recloning", () => {
    const statements = parseLocalrc(resolveLocalConf(findProfile('nova-docker')).conf);
    expect(driverSourceMount(statements, '/home/dev/nova-docker')).toEqual({ bind: '/home/dev/nova-docker:/opt/stack/nova-docker', plugin: 'nova-docker', settings: { RECLONE: 'False' } });
  });

  it('refuses a local.conf without a plugin to replace', () => {
    expect(() => driverSourceMount(parseLocalrc(parseLocalConf('[[local|localrc]]\nA=1\n', 'x')), '/src')).toThrow(/--driver-src: .*enable_plugin/);
  });
});
