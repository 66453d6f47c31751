import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../harness/errors.ts';
import { dockerContainerFormats } from '../../../harness/localconf/glance-formats.ts';
import { readIniEntries } from '../../../harness/localconf/ini-entries.ts';
import { extractLocalrc, localrcValue, parseLocalrc } from '../../../harness/localconf/localrc.ts';
import { applySet, parseMetaOverride, parseSetOption } from '../../../harness/localconf/overrides.ts';
import { parseLocalConf, writeLocalConf } from '../../../harness/localconf/parse.ts';
import { resolveLocalConf } from '../../../harness/localconf/resolve.ts';
import { validateLocalConf } from '../../../harness/localconf/validate.ts';
import { PROFILES, findProfile } from '../../../harness/plan/profiles.ts';

const golden = join(import.meta.dirname, '..', '..', 'fixtures', 'localconf', 'golden');

describe('profiles', () => {
  it.each(PROFILES.map((p) => p.name))('%s renders its golden local.conf', (name) => {
    expect(resolveLocalConf(findProfile(name)).text).toBe(readFileSync(join(golden, `${name}.conf`), 'utf8'));
  });

  it.each([
    ['distro', 'current'],
    ['distro-zed', 'current'],
    ['devstack', 'current'],
    ['nova-docker', 'legacy'],
  ] as const)("%s sets glance's container_formats to its defaults plus docker, in the right section", (name, release) => {
    const conf = resolveLocalConf(findProfile(name)).conf;
    const glance = conf.sections.filter((s) => s.phase === 'post-config' && s.file === '$GLANCE_API_CONF').flatMap((s) => readIniEntries(s.lines).entries);
    const expected = dockerContainerFormats(release);
    expect(glance.filter((e) => e.key === 'container_formats')).toMatchObject([{ section: expected.section, value: expected.value }]);
    const formats = expected.value.split(',');
    expect(new Set(formats).size).toBe(formats.length);
    expect(formats).toContain('docker');
  });
});

describe('parse and write', () => {
  it('round-trips every profile and a file with comments and repeated blocks', () => {
    for (const profile of PROFILES) {
      const text = readFileSync(profile.localConfPath, 'utf8');
      expect(writeLocalConf(parseLocalConf(text, 'x'))).toBe(text);
    }
    const text = '# top\n[[local|localrc]]\nA=1\n\n[[post-config|$NOVA_CONF]]\n[DEFAULT]\nx = 1\n[[post-config|$NOVA_CONF]]\n[DEFAULT]\nx = 2\n';
    const parsed = parseLocalConf(text, 'x');
    expect(writeLocalConf(parsed)).toBe(text);
    expect(writeLocalConf(parseLocalConf(writeLocalConf(parsed), 'y'))).toBe(text);
  });

  it.each([
    ['[[post-config | $NOVA_CONF]]', /ignores a header with spaces/],
    ['[[post-config|]]', /malformed header/],
    ['[[post_config|$NOVA_CONF]]', /unknown phase 'post_config'/],
    ['[[local]]', /malformed header/],
  ])('refuses %s with the line', (header, message) => {
    const error = (() => {
      try {
        parseLocalConf(`[[local|localrc]]\nA=1\n${header}\n`, 'my.conf');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(/^my\.conf:3: /);
    expect((error as UsageError).message).toMatch(message);
  });
});

describe('validation', () => {
  const check = (text: string, options = {}) => validateLocalConf(parseLocalConf(text, 'f.conf'), options);

  it('refuses an unknown config-file variable, a command in a value, a key that is no shell name and an unknown VIRT_DRIVER', () => {
    expect(() => check('[[post-config|$NOVA_CONFIG]]\n[a]\nb = 1\n')).toThrow(/f\.conf:1: unknown config-file variable \$NOVA_CONFIG/);
    expect(() => check('[[post-config|$NOVA_CONF]]\n[a]\nb = $(id)\n')).toThrow(/f\.conf:3: .*runs a command/);
    expect(() => check('[[local|localrc]]\nMY-VAR=1\n')).toThrow(/f\.conf:2: 'MY-VAR' is not a shell variable name/);
    expect(() => check('[[local|localrc]]\nA="unclosed\n')).toThrow(/f\.conf:2: .*unbalanced quote/);
    expect(() => check('[[local|localrc]]\nA=`id`\n')).toThrow(/runs a command/);
    expect(() => check('[[local|localrc]]\nVIRT_DRIVER=mine\n')).toThrow(/unknown VIRT_DRIVER 'mine'/);
    expect(check('[[local|localrc]]\nVIRT_DRIVER=mine\n', { allowVirtDrivers: ['mine'] })).toEqual([]);
  });

  it("accepts docker (the default) and fake for the distro profile and refuses drivers its stack cannot set up", () => {
    const distro = findProfile('distro');
    const driverOf = (sets: string[]) => localrcValue(parseLocalrc(resolveLocalConf(distro, { sets }).conf), 'VIRT_DRIVER');
    expect(driverOf([])).toBe('docker');
    expect(driverOf(['VIRT_DRIVER=fake'])).toBe('fake');
    expect(() => resolveLocalConf(distro, { sets: ['VIRT_DRIVER=libvirt'] })).toThrow(/--set: VIRT_DRIVER 'libvirt' is not one this profile's stack sets up \(docker, fake\)/);
    expect(driverOf(['VIRT_DRIVER=libvirt', 'DOCKENSTACK_COMPUTE_DRIVER=libvirt.LibvirtDriver'])).toBe('libvirt');
    expect(localrcValue(parseLocalrc(resolveLocalConf(findProfile('devstack'), { sets: ['VIRT_DRIVER=libvirt'] }).conf), 'VIRT_DRIVER')).toBe('libvirt');
  });

  it('warns where DevStack silently does something else', () => {
    const warnings = check('[[local|other]]\nA=1\n[[post-config|${NOVA_CONF}]]\n[a]\nbare\n  indented = x\nglob = *.conf\n[[post-config|$Q_PLUGIN_CONF_FILE]]\n[b]\nc = 1\n');
    expect(warnings.map((w) => `${w.where} ${w.message}`)).toEqual([
      expect.stringMatching(/f\.conf:1 DevStack ignores \[\[local\|other\]\]/),
      expect.stringMatching(/f\.conf:3 write \$NOVA_CONF, not \$\{NOVA_CONF\}/),
      expect.stringMatching(/f\.conf:6 DevStack drops indented lines/),
      expect.stringMatching(/f\.conf:5 'bare' has no '='/),
      expect.stringMatching(/f\.conf:7 DevStack expands '\*'/),
      expect.stringMatching(/f\.conf:8 .*relative/),
    ]);
  });
});

describe('overrides', () => {
  it('applies profile < --local-conf < --set and --post-config, replacing rather than repeating keys', () => {
    const resolved = resolveLocalConf(findProfile('distro'), {
      localConfFile: join(import.meta.dirname, '..', '..', 'fixtures', 'localconf', 'override.conf'),
      sets: ['VIRT_DRIVER=fake'],
      postConfigs: ['$GLANCE_API_CONF:image_format.container_formats=bare,docker'],
    });
    const statements = parseLocalrc(resolved.conf);
    expect(localrcValue(statements, 'VIRT_DRIVER')).toBe('fake');
    expect(statements.filter((s) => s.kind === 'assign' && s.name === 'VIRT_DRIVER')).toHaveLength(1);
    const glance = resolved.conf.sections.filter((s) => s.file === '$GLANCE_API_CONF').flatMap((s) => readIniEntries(s.lines).entries);
    expect(glance.filter((e) => e.key === 'container_formats').map((e) => `${e.section}:${e.value}`)).toEqual(['DEFAULT:ami,ari,aki,bare,ovf,ova,docker', 'image_format:bare,docker']);
  });

  it.each([
    ['--set', 'no-equals', /is not KEY=VALUE/],
    ['--set', '1A=x', /not a shell variable name/],
    ['--post-config', 'nope', /is not \[PHASE\|\]FILE:SECTION\.KEY=VALUE/],
    ['--post-config', 'local|$NOVA_CONF:a.b=c', /unknown phase 'local'/],
    ['--post-config', '$NOVA_CONF:a.b=$(id)', /characters DevStack would interpret/],
    ['--post-config', '$NOVA_CONF:a.b=x*', /characters DevStack would interpret/],
  ])('%s %s is refused', (option, spec, message) => {
    expect(() => (option === '--set' ? parseSetOption(spec) : parseMetaOverride(spec))).toThrow(message);
  });

  it('accepts a test-config override', () => {
    expect(parseMetaOverride('test-config|$TEMPEST_CONFIG:compute.build_timeout=300')).toMatchObject({ phase: 'test-config', file: '$TEMPEST_CONFIG', section: 'compute', key: 'build_timeout', value: '300' });
  });
});

describe('the localrc part, sourced by real bash under set -u', () => {
  const hostile = ['$(touch /tmp/dockenstack-pwned)', '`touch /tmp/dockenstack-pwned`', 'a; touch /tmp/dockenstack-pwned', "it's \"quoted\"", 'two  spaces', '*', '$HOME', 'back\\slash', 'tab\there', ''];

  it('assigns every --set value exactly, and none of them runs anything', () => {
    let conf = parseLocalConf('[[local|localrc]]\nVIRT_DRIVER=fake\nDEST=/opt/stack\nLOGFILE=$DEST/logs/stack.log\n', 'x');
    hostile.forEach((value, i) => (conf = applySet(conf, `V${i}`, value)));
    const script = [
      'set -u',
      'enable_service() { :; }; disable_service() { :; }; disable_all_services() { :; }; enable_plugin() { :; }',
      extractLocalrc(conf),
      ...hostile.map((_, i) => `printf '%s\\0' "$V${i}"`),
      'printf "%s\\0" "$LOGFILE"',
    ].join('\n');
    const out = execFileSync('bash', ['-c', script], { cwd: '/tmp' }).toString().split('\0').slice(0, -1);
    expect(out).toEqual([...hostile, '/opt/stack/logs/stack.log']);
    const statements = parseLocalrc(conf);
    hostile.forEach((value, i) => expect(localrcValue(statements, `V${i}`)).toBe(value));
    expect(() => readFileSync('/tmp/dockenstack-pwned')).toThrow();
  });

  it("reads each profile's literal values as bash does", () => {
    for (const profile of PROFILES) {
      const conf = resolveLocalConf(profile, { passwords: { ADMIN_PASSWORD: 'abcd1234' } }).conf;
      const statements = parseLocalrc(conf);
      const names = [...new Set(statements.flatMap((s) => (s.kind === 'assign' && s.value !== undefined ? [s.name] : [])))];
      const script = ['set -u', 'enable_service() { :; }; disable_service() { :; }; disable_all_services() { :; }; enable_plugin() { :; }', extractLocalrc(conf), ...names.map((n) => `printf '%s\\0' "$${n}"`)].join('\n');
      const out = execFileSync('bash', ['-c', script]).toString().split('\0').slice(0, -1);
      expect(out, profile.name).toEqual(names.map((n) => localrcValue(statements, n)));
    }
  });
});
