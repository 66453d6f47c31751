// Issue 20, Found 1 (audit of 2026-11-30): what the plan prints before any report exists (gate
// --dry-run, its --json, the localconf command) lands in CI logs too, and is masked by the
// reports' own Redactor: before, a --post-config URL's password went out raw in all three, and
// localconf printed a given ADMIN_PASSWORD and any *_TOKEN as they were.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = join(import.meta.dirname, '..', '..', '..', 'bin', 'dockenstack.js');
const GIVEN = 'Zq-given-admin-pw';
const IN_URL = 'Zq-url-pw-8812';
const TOKEN = 'Zq-token-value';
const LAYERS = ['--set', `ADMIN_PASSWORD=${GIVEN}`, '--set', `MY_SERVICE_TOKEN=${TOKEN}`, '--post-config', `$NOVA_CONF:DEFAULT.transport_url=rabbit://nova:${IN_URL}@10.0.0.1:5672/`];

describe('what the plan prints is masked', () => {
  it.each([
    ['gate --dry-run', ['gate', '--dry-run', ...LAYERS]],
    ['gate --dry-run --json', ['gate', '--dry-run', '--json', ...LAYERS]],
    ['localconf', ['localconf', ...LAYERS]],
  ])('%s: no given secret, and no password in a URL', (_name, args) => {
    const result = spawnSync('node', [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status, result.stderr).toBe(0);
    for (const secret of [GIVEN, IN_URL, TOKEN]) expect(result.stdout + result.stderr, secret).not.toContain(secret);
    expect(result.stdout).toContain('rabbit://nova:***@10.0.0.1:5672/');
  });
});
