import { API_RESOURCES, ApiKey, parsePermissions } from './api-key.entity';
import { Organization } from './organization.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function organization(): Organization {
  const org = new Organization();
  org.name = 'Api Key Spec Org';
  return org;
}

describe('ApiKey.hash', () => {
  it('is the SHA-256 digest of the UTF-8 value', () => {
    expect(ApiKey.hash('abc').toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('differs for different values', () => {
    expect(ApiKey.hash('key-a').equals(ApiKey.hash('key-b'))).toBe(false);
  });
});

describe('ApiKey#matches and #authenticates', () => {
  const now = new Date('2026-06-01T12:00:00Z');

  it('matches the digest of its own value only', () => {
    const { key, value } = ApiKey.issue(organization(), null, null);

    expect(key.matches(ApiKey.hash(value))).toBe(true);
    expect(key.matches(ApiKey.hash(value.toUpperCase()))).toBe(false);
    expect(key.matches(ApiKey.hash(`${value} `))).toBe(false);
  });

  it('refuses a digest of another length instead of throwing (timingSafeEqual needs equal lengths)', () => {
    const { key, value } = ApiKey.issue(organization(), null, null);

    expect(key.matches(ApiKey.hash(value).subarray(0, 16))).toBe(false);
    expect(key.matches(Buffer.alloc(0))).toBe(false);
  });

  it('authenticates its own value while active, and nothing once revoked', () => {
    const { key, value } = ApiKey.issue(organization(), null, null);

    expect(key.authenticates(ApiKey.hash(value), now)).toBe(true);
    expect(key.authenticates(ApiKey.hash('another'), now)).toBe(false);
    key.revokedAt = now;
    expect(key.authenticates(ApiKey.hash(value), now)).toBe(false);
  });
});

describe('ApiKey.issue', () => {
  it('returns a uuid value and a key that stores only its hash and last four characters', () => {
    const org = organization();
    const expiresAt = new Date('2030-01-01T00:00:00Z');

    const { key, value } = ApiKey.issue(org, 'ci', expiresAt);

    expect(value).toMatch(UUID);
    expect(key.valueSha256.equals(ApiKey.hash(value))).toBe(true);
    expect(key.valueLast4).toBe(value.slice(-4));
    expect(key.organization).toBe(org);
    expect(key.name).toBe('ci');
    expect(key.expiresAt).toBe(expiresAt);
    expect(key.revokedAt).toBeNull();
    expect(Object.values(key)).not.toContain(value);
  });

  it('issues a different value each time', () => {
    const org = organization();

    expect(ApiKey.issue(org, null, null).value).not.toBe(ApiKey.issue(org, null, null).value);
  });
});

describe('ApiKey#isActive', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  const keyWith = (expiresAt: Date | null, revokedAt: Date | null = null) => {
    const { key } = ApiKey.issue(organization(), null, expiresAt);
    key.revokedAt = revokedAt;
    return key;
  };

  it('is active without expiry or revocation', () => {
    expect(keyWith(null).isActive(now)).toBe(true);
  });

  it('is active until a future expiry', () => {
    expect(keyWith(new Date('2026-06-01T12:00:01Z')).isActive(now)).toBe(true);
  });

  it('is inactive once expired', () => {
    expect(keyWith(new Date('2026-06-01T11:59:59Z')).isActive(now)).toBe(false);
  });

  it('is inactive at the exact expiry instant (Lago: expires_at > now)', () => {
    expect(keyWith(new Date(now.getTime())).isActive(now)).toBe(false);
  });

  it('is inactive when revoked, even with a future expiry', () => {
    expect(keyWith(new Date('2030-01-01T00:00:00Z'), new Date('2026-05-01T00:00:00Z')).isActive(now)).toBe(false);
  });
});

describe('ApiKey.permits and parsePermissions', () => {
  it('allows everything without permissions, and only what is listed with them', () => {
    const { key } = ApiKey.issue(organization(), null, null);
    expect(key.permits('customer', 'write')).toBe(true);
    const { key: limited } = ApiKey.issue(organization(), null, null, { customer: ['read'], tax: [] });
    expect(limited.permits('customer', 'read')).toBe(true);
    expect(limited.permits('customer', 'write')).toBe(false);
    expect(limited.permits('tax', 'read')).toBe(false);
    expect(limited.permits('invoice', 'read')).toBe(false);
  });

  it('parses a JSON map of known resources to read/write', () => {
    expect(parsePermissions('{"customer":["read","write"],"invoice":[]}', API_RESOURCES)).toEqual({ customer: ['read', 'write'], invoice: [] });
    expect(() => parsePermissions('customer=read', API_RESOURCES)).toThrow(/JSON/);
    expect(() => parsePermissions('["customer"]', API_RESOURCES)).toThrow(/object/);
    expect(() => parsePermissions('{"plan":["read"]}', API_RESOURCES)).toThrow(/unknown resource "plan"/);
    expect(() => parsePermissions('{"customer":"read"}', API_RESOURCES)).toThrow(/subset/);
  });
});
