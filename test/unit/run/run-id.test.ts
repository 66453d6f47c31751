// Issue 20 (audit of 2026-11-30): the run ids a user gives to the local-stack commands (RUN of
// down, exec and tempest; --run-id) are checked before anything touches the engine, and the
// error quotes them on one line whatever they hold; a `tempest` run's own default id stays valid.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../harness/errors.ts';
import { credentialsDirOf } from '../../../harness/run/credentials-dir.ts';
import { isValidRunId, requireRunId, tempestRunIdOf } from '../../../harness/run/run-id.ts';

const cli = join(import.meta.dirname, '..', '..', '..', 'bin', 'dockenstack.js');
/** Drives a terminal (clears it) and starts a line of its own, if printed as it is. */
const HOSTILE = 'x\n\u001b[2J\u009b31mfake: all passed';

describe('run ids a user gives', () => {
  it('are refused in one printable line, at most 64 of their characters quoted', () => {
    // Any bad input's message is one printable line of at most 1000 characters, whatever it quotes.
    const concurrency = new UsageError(`'${HOSTILE}${'z'.repeat(5000)}' is not a whole number`, { where: '--concurrency' }).message;
    expect(concurrency).toMatch(/^--concurrency: 'x\\n\\u001b\[2J\\u009b31mfake: all passedz+…$/);
    expect(concurrency.length).toBe(1001);
    const error = (() => {
      try {
        requireRunId(`${HOSTILE}${'y'.repeat(10_000)}`, 'RUN');
      } catch (caught) {
        return caught as UsageError;
      }
      throw new Error('accepted');
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`RUN: "x\\n\\u001b[2J\\u009b31mfake: all passed${'y'.repeat(38)}…" is not a run id: a letter or digit, then letters, digits, _ . - (63 at most)`);
    // eslint-disable-next-line no-control-regex
    expect(error.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(error.message.length).toBeLessThan(200);
  });

  it('never become a path outside the credentials folder', () => {
    expect(() => credentialsDirOf('../../etc', { XDG_STATE_HOME: '/s' })).toThrow(/RUN: "..\/..\/etc" is not a run id/);
    expect(() => credentialsDirOf('a/../../b', { XDG_STATE_HOME: '/s' })).toThrow(UsageError);
  });

  it("a tempest run's default id is a valid run id even for a stack whose id takes all 63 characters", () => {
    const stack = `s${'x'.repeat(62)}`;
    expect(isValidRunId(stack)).toBe(true);
    const id = tempestRunIdOf(stack, new Date('2026-11-30T11:22:33Z'));
    expect(isValidRunId(id), id).toBe(true);
    expect(id).toMatch(/^sx+\.tempest-20261130-112233$/);
    expect(tempestRunIdOf('mine', new Date('2026-11-30T11:22:33Z'))).toBe('mine.tempest-20261130-112233');
  });

  it.each([
    ['down', ['down', HOSTILE]],
    ['exec', ['exec', HOSTILE, '--', 'true']],
    ['tempest', ['tempest', HOSTILE]],
  ])('%s RUN: exit 2, one line, before the engine is asked', (_name, args) => {
    // No engine answers there: asking it would exit 3.
    const result = spawnSync('node', [cli, ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent.sock' } });
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toBe('dockenstack: RUN: "x\\n\\u001b[2J\\u009b31mfake: all passed" is not a run id: a letter or digit, then letters, digits, _ . - (63 at most)\n');
  });
});
