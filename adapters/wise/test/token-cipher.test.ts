import { randomBytes } from 'node:crypto';
import { decodeEncryptionKey, TokenCipher } from '../token-cipher';

const key = randomBytes(32);
const cipher = new TokenCipher(key);
const secret = JSON.stringify({ accessToken: 'access-secret', refreshToken: 'refresh-secret' });

describe('Wise token cipher (AES-256-GCM)', () => {
  it('when a record is sealed and opened under the same name, then the plaintext comes back', () => {
    expect(cipher.open(cipher.seal(secret, 'wise:user-tokens:wise:1'), 'wise:user-tokens:wise:1')).toBe(secret);
  });

  it('when the same record is sealed twice, then the IVs and ciphertexts differ and neither shows the plaintext', () => {
    const [first, second] = [cipher.seal(secret, 'name'), cipher.seal(secret, 'name')];
    expect(first).not.toBe(second);
    expect(first.split('.')[1]).not.toBe(second.split('.')[1]);
    expect(first).not.toContain('secret');
  });

  it("when a sealed record is moved under another name (another user's key), then it does not open", () => {
    expect(cipher.open(cipher.seal(secret, 'wise:user-tokens:wise:1'), 'wise:user-tokens:wise:2')).toBeUndefined();
  });

  it('when the key is another, then it does not open', () => {
    expect(new TokenCipher(randomBytes(32)).open(cipher.seal(secret, 'name'), 'name')).toBeUndefined();
  });

  it('when a byte of the ciphertext is altered, then it does not open', () => {
    const [format, iv, tag, body] = cipher.seal(secret, 'name').split('.') as [string, string, string, string];
    const altered = Buffer.from(body, 'base64url');
    altered[0] = altered[0]! ^ 1;
    expect(cipher.open([format, iv, tag, altered.toString('base64url')].join('.'), 'name')).toBeUndefined();
  });

  it('when the stored value is not a sealed record at all, then it does not open', () => {
    expect(cipher.open(secret, 'name')).toBeUndefined();
  });

  it('when the key is 32 bytes as hex, base64 or base64url, then it decodes to those bytes', () => {
    expect(decodeEncryptionKey(key.toString('hex'))).toEqual(key);
    expect(decodeEncryptionKey(key.toString('base64'))).toEqual(key);
    expect(decodeEncryptionKey(key.toString('base64url'))).toEqual(key);
  });

  it('when the key is shorter, longer or not an encoding, then it is refused', () => {
    expect(decodeEncryptionKey(randomBytes(16).toString('base64'))).toBeUndefined();
    expect(decodeEncryptionKey(randomBytes(33).toString('hex'))).toBeUndefined();
    expect(decodeEncryptionKey('correct horse battery staple correct horse b')).toBeUndefined();
  });
});
