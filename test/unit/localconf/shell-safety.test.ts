// Issue 20, Found 3: what reaches a shell is validated at plan time, and the merge script quotes
// what it interpolates.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../harness/errors.ts';
import { renderMergeScript } from '../../../harness/localconf/merge-script.ts';
import { parseLocalConf } from '../../../harness/localconf/parse.ts';
import { resolveLocalConf } from '../../../harness/localconf/resolve.ts';
import { findProfile } from '../../../harness/plan/profiles.ts';

const resolveWith = (spec: string) => resolveLocalConf(findProfile('distro'), { sets: [], postConfigs: [spec] });

describe('--post-config parts that reach a shell (issue 20, Found 3)', () => {
  it.each([
    ['file', '$NOVA_CONF$(touch${IFS}/tmp/pwned):DEFAULT.a=b'],
    ['file', '/etc/nova/nova.conf;id:DEFAULT.a=b'],
    ['file', '$NOVA_CONF`id`:DEFAULT.a=b'],
    ['section', '$NOVA_CONF:DEF$(id)AULT.a=b'],
    ['section', '$NOVA_CONF:DEFAULT;id.a=b'],
    ['key', '$NOVA_CONF:DEFAULT.a;id=b'],
    ['key', '$NOVA_CONF:DEFAULT.`id`=b'],
    ['key', "$NOVA_CONF:DEFAULT.a'b=c"],
  ])('Found 3: a %s with shell code is refused at plan time, naming the part (%s)', (part, spec) => {
    let error: unknown;
    try {
      resolveWith(spec);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as UsageError).message).toMatch(new RegExp(`^--post-config.*: the ${part} '`));
    expect((error as UsageError).message).not.toContain('\n');
  });

  it('Found 3: a spec with a newline in it is refused on one line (audit: the message printed it as three)', () => {
    expect(() => resolveWith('$NOVA_CONF:DEFAULT.a=b\n[[local|localrc]]\nX=$(id)')).toThrow(/^--post-config: "\$NOVA_CONF:DEFAULT\.a=b\\n\[\[local\|localrc\]\]\\nX=\$\(id\)" is not \[PHASE\|\]FILE:SECTION\.KEY=VALUE[^\n]*$/);
  });

  it('keeps ordinary names: paste sections, dotted and dashed keys, a path after the variable', () => {
    expect(() => resolveWith('$NOVA_API_PASTE_INI:filter:authtoken.paste.filter_factory=x')).not.toThrow();
    expect(() => resolveWith('test-config|$TEMPEST_CONFIG:compute-feature-enabled.live-migration=False')).not.toThrow();
    expect(() => resolveWith('/etc/neutron/plugins/ml2/ml2_conf.ini:ml2.mechanism_drivers=linuxbridge')).not.toThrow();
  });

  it('Found 3: the rendered merge script quotes sections and keys, so a name that got past validation is written, not run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'merge-'));
    const marker = join(dir, 'pwned');
    // Parsed directly (no validation), as if a new path to the renderer skipped it.
    const conf = parseLocalConf(`[[post-config|$NOVA_CONF]]\n[DEFAULT]\nkey;touch${'${IFS}'}${marker} = 1\n`, 'x.conf');
    const script = renderMergeScript(conf, 'post-config');
    execFileSync('bash', ['-c', script], { env: { ...process.env, NOVA_CONF: join(dir, 'nova.conf') } });
    expect(existsSync(marker)).toBe(false);
    expect(readFileSync(join(dir, 'nova.conf'), 'utf8')).toContain(`key;touch`);
  });
});
