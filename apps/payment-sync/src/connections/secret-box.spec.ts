import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const key = randomBytes(32).toString('base64');

  it('opens what it sealed, and the sealed text does not contain the secret', () => {
    const box = new SecretBox(key);
    const sealed = box.seal({ secret_key: 'sk_test_123456' }, 'org:conn');
    expect(sealed).not.toContain('sk_test_123456');
    expect(box.open(sealed, 'org:conn')).toEqual({ secret_key: 'sk_test_123456' });
  });

  it('uses a fresh IV each time', () => {
    const box = new SecretBox(key);
    expect(box.seal({ a: 'b' }, 'x')).not.toEqual(box.seal({ a: 'b' }, 'x'));
  });

  it('refuses a ciphertext moved to another row, or opened with another key', () => {
    const sealed = new SecretBox(key).seal({ a: 'b' }, 'org-1:conn-1');
    expect(() => new SecretBox(key).open(sealed, 'org-2:conn-1')).toThrow();
    expect(() => new SecretBox(randomBytes(32).toString('base64')).open(sealed, 'org-1:conn-1')).toThrow();
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new SecretBox(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
