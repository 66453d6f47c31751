import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../harness/report/redact.ts';

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

  it('leaves text without secrets unchanged and ignores too-short secrets', () => {
    const redact = createRedactor(['ab']);
    expect(redact('a plain line about abc')).toBe('a plain line about abc');
    expect(redact.secrets).toEqual([]);
  });
});
