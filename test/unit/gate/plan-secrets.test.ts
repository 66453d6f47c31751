// Issue 20, Found 1: a short secret is refused when the gate is planned, rather than left
// unmasked in its reports.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli.ts';

describe('gate plan: secrets', () => {
  it('Found 1: a password shorter than 6 characters is refused at plan time, exit 2, naming where it was set', async () => {
    const result = await runCli(['gate', '--dry-run', '--set', 'ADMIN_PASSWORD=abc'], { timeoutMs: 60_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^dockenstack: --set: ADMIN_PASSWORD has 3 character\(s\): a secret needs 6 at least/);
  });

  it('plans a gate with a password of 6 characters', async () => {
    const result = await runCli(['gate', '--dry-run', '--set', 'ADMIN_PASSWORD=secret'], { timeoutMs: 60_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
