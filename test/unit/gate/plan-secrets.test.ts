// Issue 20, Found 1: a short secret is refused when the gate is planned, rather than left
// unmasked in its reports.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = join(import.meta.dirname, '..', '..', '..', 'bin', 'dockenstack.js');

describe('gate plan: secrets', () => {
  it('Found 1: a password shorter than 6 characters is refused at plan time, exit 2, naming where it was set', () => {
    const result = spawnSync('node', [cli, 'gate', '--dry-run', '--set', 'ADMIN_PASSWORD=abc'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^dockenstack: --set: ADMIN_PASSWORD has 3 character\(s\): a secret needs 6 at least/);
  });

  it('plans a gate with a password of 6 characters', () => {
    const result = spawnSync('node', [cli, 'gate', '--dry-run', '--set', 'ADMIN_PASSWORD=secret'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
