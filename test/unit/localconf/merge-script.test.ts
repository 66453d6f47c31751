// The rendered merge script, run by real bash on real files, against what DevStack's own
// merge_config_group made of the same input (test/fixtures/localconf/NOTES.md).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractLocalrc } from '../../../harness/localconf/localrc.ts';
import { renderMergeScript } from '../../../harness/localconf/merge-script.ts';
import { parseLocalConf } from '../../../harness/localconf/parse.ts';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'localconf');

function merge(text: string, phase: 'post-config' | 'test-config', env: Record<string, string>): { dir: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dockenstack-merge-'));
  const script = join(dir, 'merge.sh');
  writeFileSync(script, renderMergeScript(parseLocalConf(text, 'local.conf'), phase));
  const vars: Record<string, string> = {};
  for (const [name, file] of Object.entries(env)) vars[name] = /_CONF(IG)?$/.test(name) ? join(dir, file) : file;
  let stderr = '';
  try {
    execFileSync('bash', [script], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...vars }, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    stderr = String((error as { stderr?: Buffer }).stderr ?? '');
    throw error;
  }
  return { dir, stderr };
}

describe('renderMergeScript', () => {
  it("gives the same nova.conf as DevStack's merge_config_group on the documented case", () => {
    const input = readFileSync(join(fixtures, 'devstack-merge-case.conf'), 'utf8');
    const { dir } = merge(input, 'post-config', { NOVA_CONF: 'nova.conf', GLANCE_API_CONF: 'glance-api.conf', HOST_IP: '10.0.0.5' });
    expect(readFileSync(join(dir, 'nova.conf'), 'utf8')).toBe(readFileSync(join(fixtures, 'devstack-merge-case.expected.ini'), 'utf8'));
    expect(readFileSync(join(dir, 'glance-api.conf'), 'utf8').trim()).toBe('[DEFAULT]\ncontainer_formats = ami,ari,aki,bare,ovf,ova,docker');
  });

  it('replaces an existing key in place and keeps the rest of a real file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockenstack-merge-'));
    const conf = join(dir, 'nova.conf');
    writeFileSync(conf, '[DEFAULT]\n# a comment\ndebug = False\nstate_path = /var/lib/nova\n\n[api]\nauth_strategy = keystone\n');
    const script = join(dir, 'merge.sh');
    writeFileSync(script, renderMergeScript(parseLocalConf('[[post-config|$NOVA_CONF]]\n[DEFAULT]\ndebug = True\n[api]\nlocal_metadata_per_cell = True\n[new]\nkey = a=b=c\n', 'x'), 'post-config'));
    execFileSync('bash', [script], { env: { PATH: process.env.PATH ?? '', NOVA_CONF: conf } });
    expect(readFileSync(conf, 'utf8')).toBe(
      '[DEFAULT]\n# a comment\ndebug = True\nstate_path = /var/lib/nova\n\n[api]\nlocal_metadata_per_cell = True\nauth_strategy = keystone\n\n[new]\nkey = a=b=c\n',
    );
  });

  it('skips the rest of a phase after an undefined file variable, warning as DevStack does', () => {
    const text = '[[test-config|$TEMPEST_CONFIG]]\n[a]\nx = 1\n[[test-config|$NOVA_CONF]]\n[b]\ny = 2\n';
    const dir = mkdtempSync(join(tmpdir(), 'dockenstack-merge-'));
    const script = join(dir, 'merge.sh');
    writeFileSync(script, renderMergeScript(parseLocalConf(text, 'x'), 'test-config'));
    const result = execFileSync('bash', [script, '2>&1'], { env: { PATH: process.env.PATH ?? '', NOVA_CONF: join(dir, 'nova.conf') }, stdio: ['ignore', 'pipe', 'pipe'] });
    expect(String(result)).not.toMatch(/merging/);
    expect(() => readFileSync(join(dir, 'nova.conf'))).toThrow();
  });

  it('does not expand * in a value to file names', () => {
    const { dir } = merge('[[post-config|$NOVA_CONF]]\n[DEFAULT]\nstar = *\n', 'post-config', { NOVA_CONF: 'nova.conf' });
    expect(readFileSync(join(dir, 'nova.conf'), 'utf8')).toContain('star = *');
  });
});

describe('extractLocalrc', () => {
  it('keeps only [[local|localrc]] blocks, concatenated, as .localrc.auto', () => {
    const input = readFileSync(join(fixtures, 'devstack-merge-case.conf'), 'utf8');
    expect(extractLocalrc(parseLocalConf(input, 'x'))).toBe('VIRT_DRIVER=docker\n');
  });
});
