import { describe, expect, it } from 'vitest';
import { gateCommand, userOptions } from '../../../harness/commands/gate.ts';
import { parseEngineSpec } from '../../../harness/plan/gate-plan.ts';

describe('gate --engine', () => {
  it('takes DOCKER_HOST forms and bare socket paths, and refuses anything else', () => {
    expect(parseEngineSpec('unix:///var/run/docker.sock')).toBe('unix:///var/run/docker.sock');
    expect(parseEngineSpec('/run/engine2.sock')).toBe('unix:///run/engine2.sock');
    expect(parseEngineSpec('tcp://10.0.0.5:2376/')).toBe('tcp://10.0.0.5:2376');
    for (const bad of ['docker.example.org', 'tcp://host', 'http://host:2375', 'unix://relative.sock', '']) {
      expect(() => parseEngineSpec(bad), bad).toThrow(/--engine/);
    }
  });

  it("gives every shard the user's own options as typed, without the ones the spread sets itself", async () => {
    const command = gateCommand().action(() => {});
    await command.parseAsync(
      ['--engine', '/a.sock', '--engine', '/b.sock', '--set', 'A=1', '--set', 'B=-x y', '--voting', '--regex', 'servers', '--run-id', 'r1', '--reports', '/tmp/r', '--timings', 'latest'],
      { from: 'user' },
    );
    expect(userOptions(command, ['--engine', '--shard', '--run-id', '--reports'])).toEqual(['--set=A=1', '--set=B=-x y', '--regex=servers', '--voting', '--timings=latest']);
  });
});
