import { describe, expect, it } from 'vitest';
import { EngineLostError, engineError, isEngineLost } from '../../../harness/engine/engine-errors.ts';
import { EnvironmentError, ExitCode, GateError, InterruptedError } from '../../../harness/errors.ts';
import { gateExitCode } from '../../../harness/gate/exit-code.ts';

const refused = Object.assign(new Error('connect ECONNREFUSED /var/run/docker.sock'), { code: 'ECONNREFUSED' });

describe('engine errors, typed', () => {
  it("maps the client's lost-connection errors to EngineLostError, and leaves others as they are", () => {
    const lost = engineError('running dockenstack-stack in the container', refused);
    expect(lost).toBeInstanceOf(EngineLostError);
    expect((lost as EngineLostError).exitCode).toBe(ExitCode.environment);
    expect(isEngineLost(new Error('socket hang up'))).toBe(true);
    const other = new GateError('stack', 'dockenstack-stack exited with 1');
    expect(engineError('stack', other)).toBe(other);
    expect(engineError('stack', lost)).toBe(lost);
  });

  it('decides how a gate ends: interrupted 130, engine lost 3, a failed stage 1, else the verdict', () => {
    const printed: string[] = [];
    const print = (line: string) => printed.push(line);
    expect(gateExitCode(undefined, 0, '/r', print)).toBe(0);
    expect(gateExitCode(undefined, 1, '/r', print)).toBe(1);
    expect(gateExitCode(new InterruptedError('SIGINT'), 0, '/r', print)).toBe(130);
    expect(gateExitCode(engineError('the stack stage ran', refused), 0, '/r', print)).toBe(3);
    expect(printed.pop()).toBe('dockenstack: the Docker engine stopped answering during the run (connect ECONNREFUSED /var/run/docker.sock); the report so far is in /r');
    expect(gateExitCode(new EnvironmentError('no disk'), 0, '/r', print)).toBe(3);
    expect(gateExitCode(new GateError('stack', 'stack.sh failed', { tellingLines: ['[ERROR] boom'] }), 0, '/r', print)).toBe(1);
    expect(printed.slice(-2)).toEqual(['dockenstack: stack: stack.sh failed', '  | [ERROR] boom']);
  });
});
