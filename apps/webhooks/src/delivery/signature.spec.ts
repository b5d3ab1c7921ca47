import { createHmac, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import {
  generateHmacKey,
  generateSigningKeyPair,
  hmacSignature,
  publicKeyBase64,
  publicKeyPemOf,
  signJwt,
  verifyJwt,
} from './signature';

// One key pair per file: RSA generation is the slow part.
const keys = generateSigningKeyPair();
const other = generateSigningKeyPair();
const body = '{"webhook_type":"customer.created","object_type":"customer","organization_id":"org-sig-1","customer":{"name":"Zoë \\u0026 co"}}';
const issuer = 'https://billing.example.test';

const decode = (part: string): unknown => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

describe('signJwt / verifyJwt', () => {
  it('produces three unpadded base64url parts with Lago’s exact header and claims', () => {
    const token = signJwt(body, keys.privateKeyPem, issuer);
    const parts = token.split('.');
    expect(parts).toHaveLength(3);
    for (const part of parts) expect(part).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(parts[0]!, 'base64url').toString('utf8')).toBe('{"alg":"RS256"}');
    expect(parts[0]).toBe('eyJhbGciOiJSUzI1NiJ9');
    expect(Buffer.from(parts[1]!, 'base64url').toString('utf8')).toBe(JSON.stringify({ data: body, iss: issuer }));
    expect(decode(parts[1]!)).toEqual({ data: body, iss: issuer });
  });

  it('is a standard RS256 signature over header.payload, checkable without verifyJwt', () => {
    const [header, payload, signature] = signJwt(body, keys.privateKeyPem, issuer).split('.') as [string, string, string];
    expect(Buffer.from(signature, 'base64url')).toHaveLength(256);
    expect(verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), createPublicKey(keys.publicKeyPem), Buffer.from(signature, 'base64url'))).toBe(true);
  });

  it('verifies with the matching public key and returns the claims', () => {
    expect(verifyJwt(signJwt(body, keys.privateKeyPem, issuer), keys.publicKeyPem)).toEqual({ data: body, iss: issuer });
  });

  it('fails with another key', () => {
    expect(verifyJwt(signJwt(body, keys.privateKeyPem, issuer), other.publicKeyPem)).toBeNull();
  });

  it('fails when the body (payload part) or the signature is tampered with', () => {
    const [header, , signature] = signJwt(body, keys.privateKeyPem, issuer).split('.') as [string, string, string];
    const forged = Buffer.from(JSON.stringify({ data: body.replace('org-sig-1', 'org-sig-2'), iss: issuer })).toString('base64url');
    expect(verifyJwt(`${header}.${forged}.${signature}`, keys.publicKeyPem)).toBeNull();
    const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    const [h2, p2] = signJwt(body, keys.privateKeyPem, issuer).split('.');
    expect(verifyJwt(`${h2}.${p2}.${flipped}`, keys.publicKeyPem)).toBeNull();
  });

  it('rejects malformed tokens and other algorithms instead of throwing', () => {
    const [, payload, signature] = signJwt(body, keys.privateKeyPem, issuer).split('.') as [string, string, string];
    expect(verifyJwt('not-a-jwt', keys.publicKeyPem)).toBeNull();
    expect(verifyJwt(`a.b.c.d`, keys.publicKeyPem)).toBeNull();
    expect(verifyJwt(`${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.${signature}`, keys.publicKeyPem)).toBeNull();
    expect(verifyJwt(`e30=.${payload}.${signature}`, keys.publicKeyPem)).toBeNull();
  });

  it('signs with a PKCS#1 private key too', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    expect(privateKey).toContain('BEGIN RSA PRIVATE KEY');
    expect(verifyJwt(signJwt(body, privateKey, issuer), publicKey)).toEqual({ data: body, iss: issuer });
    expect(publicKeyPemOf(privateKey)).toBe(publicKey);
  });
});

describe('hmacSignature', () => {
  it('is Base64(HMAC-SHA256(key, body)), padded standard base64', () => {
    const key = '3f2c6a58-6f0e-4a8e-9d55-0b3c8f0c1a11';
    const expected = createHmac('sha256', Buffer.from(key, 'utf8')).update(Buffer.from(body, 'utf8')).digest().toString('base64');
    expect(hmacSignature(body, key)).toBe(expected);
    expect(hmacSignature(body, key)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(hmacSignature(body, 'another-key')).not.toBe(expected);
  });

  it('matches the RFC 4231 test case 2 digest', () => {
    // key "Jefe", data "what do ya want for nothing?" -> 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843
    const hex = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';
    expect(hmacSignature('what do ya want for nothing?', 'Jefe')).toBe(Buffer.from(hex, 'hex').toString('base64'));
  });
});

describe('key material', () => {
  it('generates a PKCS#8 private key and an SPKI public key that belong together', () => {
    expect(keys.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(keys.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    expect(createPublicKey(keys.publicKeyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(publicKeyPemOf(keys.privateKeyPem)).toBe(keys.publicKeyPem);
    expect(publicKeyPemOf(other.privateKeyPem)).not.toBe(keys.publicKeyPem);
  });

  it('serves the public key as Ruby’s Base64.encode64: 60-character lines, each ending in a newline', () => {
    const served = publicKeyBase64(keys.publicKeyPem);
    expect(Buffer.from(served, 'base64').toString('utf8')).toBe(keys.publicKeyPem);
    const lines = served.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.slice(0, -1).every((line) => line.length === 60)).toBe(true);
    expect(lines.at(-1)!.length).toBeGreaterThan(0);
    expect(lines.at(-1)!.length).toBeLessThanOrEqual(60);
  });

  it('matches Ruby’s Base64.encode64 on a known input', () => {
    // Base64.encode64("a" * 50): 45 bytes per 60-character line.
    expect(publicKeyBase64('a'.repeat(50))).toBe(`${'YWFh'.repeat(15)}\nYWFhYWE=\n`);
    expect(publicKeyBase64('a'.repeat(45))).toBe(`${'YWFh'.repeat(15)}\n`);
  });

  it('generates a fresh uuid hmac key each time', () => {
    const a = generateHmacKey();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(generateHmacKey()).not.toBe(a);
  });
});
