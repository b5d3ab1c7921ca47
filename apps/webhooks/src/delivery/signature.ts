import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, verify } from 'node:crypto';

// Lago signs with ruby-jwt's `JWT.encode({data:, iss:}, RsaPrivateKey, "RS256")` (app/models/webhook.rb), whose
// header is exactly {"alg":"RS256"}: no "typ", and the receiver-side libraries accept it as is.
const JWT_HEADER = JSON.stringify({ alg: 'RS256' });
const BASE64URL = /^[A-Za-z0-9_-]*$/;

const base64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

/** The `X-Lago-Signature` of a `jwt` endpoint: an RS256 JWT whose `data` claim is the exact body sent. */
export function signJwt(body: string, privateKeyPem: string, issuer: string): string {
  const input = `${base64url(JWT_HEADER)}.${base64url(JSON.stringify({ data: body, iss: issuer }))}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), createPrivateKey(privateKeyPem)).toString('base64url')}`;
}

/**
 * What a receiver does with a `jwt` signature: check it with the public key and read the claims.
 * Null for any token that is malformed, not RS256 or not signed by that key; a bad key PEM throws.
 */
export function verifyJwt(token: string, publicKeyPem: string): { data: string; iss: string } | null {
  const key = createPublicKey(publicKeyPem);
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) return null;
  const [header, payload, signature] = parts as [string, string, string];
  const headerJson = parseJson(Buffer.from(header, 'base64url').toString('utf8'));
  if (!isRecord(headerJson) || headerJson.alg !== 'RS256') return null;
  if (!verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))) return null;
  const claims = parseJson(Buffer.from(payload, 'base64url').toString('utf8'));
  if (!isRecord(claims) || typeof claims.data !== 'string' || typeof claims.iss !== 'string') return null;
  return { data: claims.data, iss: claims.iss };
}

/** The `X-Lago-Signature` of an `hmac` endpoint: Base64 (standard, padded) of HMAC-SHA256(key, body). */
export function hmacSignature(body: string, key: string): string {
  return createHmac('sha256', key).update(body).digest('base64');
}

/**
 * A new RSA-2048 signing key pair. The private key is PKCS#8 PEM (`BEGIN PRIVATE KEY`, what
 * `openssl genrsa` writes since OpenSSL 3, the form Lago's `LAGO_RSA_PRIVATE_KEY` docs produce);
 * the public key is SubjectPublicKeyInfo PEM (`BEGIN PUBLIC KEY`), the form Ruby's
 * `OpenSSL::PKey::RSA#to_s` gives for Lago's public key.
 */
export function generateSigningKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** The SubjectPublicKeyInfo PEM of a private key given as PKCS#8 or PKCS#1 PEM. */
export function publicKeyPemOf(privateKeyPem: string): string {
  return createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
}

/**
 * The body of `GET /api/v1/webhooks/public_key` (and `webhook.public_key` of `json_public_key`):
 * Lago renders `Base64.encode64(RsaPublicKey.to_s)`, i.e. RFC 2045 base64 with a `\n` after every
 * 60 characters and after the last line.
 */
export function publicKeyBase64(publicKeyPem: string): string {
  const encoded = Buffer.from(publicKeyPem, 'utf8').toString('base64');
  return encoded.replace(/.{1,60}/g, '$&\n');
}

/** A new organization HMAC key, shaped like Lago's (`SecureRandom.uuid` in Organization#set_hmac_key). */
export function generateHmacKey(): string {
  return randomUUID();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
