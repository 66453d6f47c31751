import { describe, expect, it } from 'vitest';
import { createRedactor, ShortSecretError } from '../../../harness/report/redact.ts';

describe('createRedactor', () => {
  it('masks every occurrence of each secret, longest first', () => {
    const redact = createRedactor(['s3cret-admin', 's3cret']);
    expect(redact('ADMIN_PASSWORD=s3cret-admin SERVICE_PASSWORD=s3cret')).toBe('ADMIN_PASSWORD=*** SERVICE_PASSWORD=***');
  });

  it('treats secrets as literal text, not as patterns', () => {
    const redact = createRedactor(['a.b*c(d']);
    expect(redact('x a.b*c(d y axbbbcd')).toBe('x *** y axbbbcd');
  });

  it('masks credentials inside connection URLs even when the value is unknown', () => {
    const redact = createRedactor([]);
    expect(redact('connection = mysql+pymysql://nova:Zx9-unknown@127.0.0.1/nova')).toBe('connection = mysql+pymysql://nova:***@127.0.0.1/nova');
    expect(redact('transport_url = rabbit://openstack:pw1234@localhost:5672/')).toBe('transport_url = rabbit://openstack:***@localhost:5672/');
  });

  it('masks auth tokens in headers', () => {
    const redact = createRedactor([]);
    expect(redact("'X-Auth-Token: gAAAAABlongtokenvalue_123'")).toBe("'X-Auth-Token: ***'");
  });

  it('leaves text without secrets unchanged', () => {
    const redact = createRedactor(['abcdef']);
    expect(redact('a plain line about abc, TokensV3Test:test_token_rescope')).toBe('a plain line about abc, TokensV3Test:test_token_rescope');
  });

  it('Found 1: refuses a secret shorter than 6 characters rather than ignoring it', () => {
    expect(() => createRedactor(['abc'])).toThrow(ShortSecretError);
    expect(() => createRedactor(['abcde'])).toThrow(/6 at least/);
  });

  it.each([
    ['X-Service-Token', "'X-Service-Token: gAAAAAtok-en_1'", "'X-Service-Token: ***'"],
    ['a Python bytes repr', "{b'X-Auth-Token': b'gAAAAAtok-en_1', b'Accept': b'json'}", "{b'X-Auth-Token': b'***', b'Accept': b'json'}"],
    ['?token= in a URL', 'GET http://h/v3/auth?token=abc123def&x=1', 'GET http://h/v3/auth?token=***&x=1'],
    ['password= it was not told', 'admin_password = Unknown-Pw9 more', 'admin_password = *** more'],
    ['"password": "…" in a request body', '{"user": {"name": "a", "password": "p\\"w<&>d"}}', '{"user": {"name": "a", "password": "***"}}'],
    ['--os-password X', 'openstack --os-password Hunter22x server list', 'openstack --os-password *** server list'],
    ['URL credentials with /', 'mysql+pymysql://nova:a/b/c@127.0.0.1/nova', 'mysql+pymysql://nova:***@127.0.0.1/nova'],
    ['URL credentials %-encoded', 'rabbit://stack:p%40ss%2Fw@host:5672/', 'rabbit://stack:***@host:5672/'],
    // As a real gate's tempest.log had them (audit of issue 20): nova's server create response and
    // Tempest's changePassword request, the server's root password unmasked.
    ['adminPass in a response body', 'Body: b\'{"server": {"id": "f2", "adminPass": "M5#G3Q1gb~*TG2d"}}\'', 'Body: b\'{"server": {"id": "f2", "adminPass": "***"}}\''],
    ['adminPass in a request body', '{"changePassword": {"adminPass": "Y5=yRaMOcTrHeAZ"}}', '{"changePassword": {"adminPass": "***"}}'],
    ['a generated keypair\'s private_key', '{"keypair": {"private_key": "-----BEGIN OPENSSH PRIVATE KEY-----\\nb3Blbn\\n-----END OPENSSH PRIVATE KEY-----\\n", "name": "k"}}', '{"keypair": {"private_key": "***", "name": "k"}}'],
  ])('Found 1: masks %s', (_shape, text, masked) => {
    expect(createRedactor([])(text)).toBe(masked);
  });

  it('leaves private_key alone where it names a path, not a key', () => {
    const line = 'jws_private_key_repository = /etc/keystone/jws-keys/private';
    expect(createRedactor([])(line)).toBe(line);
  });

  it("Found 1: masks the run's own secrets %-encoded and JSON-escaped too", () => {
    const redact = createRedactor(['pa"ss/wörd']);
    expect(redact(`a ${encodeURIComponent('pa"ss/wörd')} b ${JSON.stringify('pa"ss/wörd')}`)).toBe('a *** b "***"');
  });
});
