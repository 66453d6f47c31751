// Issue 18 item 4: Horizon in the distro profile. `up --horizon` is one `enable_service horizon`
// line of local.conf, placed after what could have disabled it; the plan knows from the resolved
// local.conf (whichever layer enabled it) whether `up` has a dashboard URL to print.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { upCommand, type UpOptions } from '../../../harness/commands/up.ts';
import { enabledServices, parseLocalrc } from '../../../harness/localconf/localrc.ts';
import { parseLocalConf } from '../../../harness/localconf/parse.ts';
import { buildGatePlan } from '../../../harness/plan/gate-plan.ts';
import { gateOptions } from '../../support/gate-options.ts';

function localConfFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'horizon-')), 'local.conf');
  writeFileSync(path, text);
  return path;
}

const services = (localrc: string) => [...enabledServices(parseLocalrc(parseLocalConf(`[[local|localrc]]\n${localrc}\n`, 'test')))];

describe('the services a localrc leaves enabled', () => {
  it("follows DevStack's functions in order, from none", () => {
    expect(services('enable_service key horizon')).toEqual(['key', 'horizon']);
    expect(services('enable_service key horizon\ndisable_service horizon')).toEqual(['key']);
    expect(services('enable_service horizon\ndisable_all_services\nenable_service key')).toEqual(['key']);
    expect(services('disable_service horizon\nenable_service horizon')).toEqual(['horizon']);
    expect(services('HORIZON=1')).toEqual([]);
  });
});

describe('up --horizon', () => {
  it("enables horizon in the distro profile's local.conf, after the profile's services, with --horizon as its origin", () => {
    const plan = buildGatePlan(gateOptions({ horizon: true }));
    expect(plan.stack.horizon).toBe(true);
    const lines = plan.stack.localrc.split('\n');
    const profileServices = lines.findIndex((line) => line.startsWith('enable_service key '));
    expect(lines.indexOf('enable_service horizon')).toBeGreaterThan(profileServices);
    expect(plan.stack.localConf).toContain('enable_service horizon');
  });

  it('is off by default: no horizon line, no dashboard', () => {
    const plan = buildGatePlan(gateOptions());
    expect(plan.stack.horizon).toBe(false);
    expect(plan.stack.localConf).not.toMatch(/horizon/);
  });

  it('wins over a --local-conf that disables horizon; a --local-conf alone can enable it too', () => {
    const disabling = localConfFile('[[local|localrc]]\ndisable_service horizon\n');
    expect(buildGatePlan(gateOptions({ horizon: true, localConf: disabling })).stack.horizon).toBe(true);
    expect(buildGatePlan(gateOptions({ localConf: localConfFile('[[local|localrc]]\nenable_service horizon\n') })).stack.horizon).toBe(true);
    expect(buildGatePlan(gateOptions({ localConf: localConfFile('[[local|localrc]]\nenable_service horizon\ndisable_all_services\nenable_service key\n') })).stack.horizon).toBe(false);
  });

  it('on distro-zed too (the same image recipe, bookworm)', () => {
    expect(buildGatePlan(gateOptions({ profile: 'distro-zed', horizon: true })).stack.horizon).toBe(true);
  });

  it("is refused for DevStack's profiles (exit 2, before anything is built): DevStack sets its Horizon up itself", () => {
    for (const profile of ['devstack', 'nova-docker']) {
      expect(() => buildGatePlan(gateOptions({ profile, horizon: true }))).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/^--horizon: the .* profile's stack is DevStack's/) }));
    }
  });

  it('is an option of up, off unless given', async () => {
    const parsed = async (args: string[]) => {
      let seen: UpOptions | undefined;
      await upCommand().action((options: UpOptions) => { seen = options; }).parseAsync(args, { from: 'user' });
      return seen;
    };
    expect((await parsed(['--horizon']))?.horizon).toBe(true);
    expect((await parsed([]))?.horizon).toBe(false);
  });
});
