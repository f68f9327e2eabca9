import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { KeyRing, KeyRingError } from '../../src/secrets/key-ring';

const k1 = KeyRing.generateEntry('k1');
const k2 = KeyRing.generateEntry('k2');

describe('KeyRing', () => {
  it('when a record is sealed, then it opens with the same associated data and reads back exactly', () => {
    const ring = KeyRing.parse(k1);
    const sealed = ring.seal('{"apiKey":"sk_live_secret"}', 'acme/northpay');
    expect(sealed).not.toContain('sk_live_secret');
    expect(ring.unseal(sealed, 'acme/northpay')).toBe('{"apiKey":"sk_live_secret"}');
  });

  it('when the same plaintext is sealed twice, then the records differ (a random IV each time)', () => {
    const ring = KeyRing.parse(k1);
    expect(ring.seal('same', 'acme/northpay')).not.toBe(ring.seal('same', 'acme/northpay'));
  });

  it('when a record is moved to another tenant or connection, then it no longer opens', () => {
    const ring = KeyRing.parse(k1);
    const sealed = ring.seal('secret', 'acme/northpay');
    expect(ring.unseal(sealed, 'globex/northpay')).toBeUndefined();
    expect(ring.unseal(sealed, 'acme/southpay')).toBeUndefined();
  });

  it('when a record is altered, then it no longer opens', () => {
    const ring = KeyRing.parse(k1);
    const parts = ring.seal('secret', 'acme/northpay').split('.');
    const ciphertext = Buffer.from(parts[3] ?? '', 'base64url');
    ciphertext[0] = (ciphertext[0] ?? 0) ^ 1;
    parts[3] = ciphertext.toString('base64url');
    expect(ring.unseal(parts.join('.'), 'acme/northpay')).toBeUndefined();
  });

  it('when several keys are configured, then the first seals and every one unseals', () => {
    const old = KeyRing.parse(k1);
    const sealedUnderOld = old.seal('secret', 'acme/northpay');
    const rotated = KeyRing.parse(`${k2},${k1}`);
    expect(rotated.currentKeyId).toBe('k2');
    expect(rotated.unseal(sealedUnderOld, 'acme/northpay')).toBe('secret');
    expect(KeyRing.sealedKeyId(rotated.seal('secret', 'acme/northpay'))).toBe('k2');
  });

  it('when no configured key sealed a record, then it does not open', () => {
    const sealed = KeyRing.parse(k1).seal('secret', 'acme/northpay');
    expect(KeyRing.parse(k2).unseal(sealed, 'acme/northpay')).toBeUndefined();
  });

  it.each([
    ['no key', ''],
    ['no id', ':AAAA'],
    ['a short key', 'k1:c2hvcnQ='],
    ['a repeated id', `${k1},${k1}`],
  ])('when the keys hold %s, then parsing refuses them without echoing a key', (_case, value) => {
    expect(() => KeyRing.parse(value)).toThrow(KeyRingError);
    try {
      KeyRing.parse(value);
    } catch (error) {
      const key = k1.split(':')[1] ?? '';
      expect((error as Error).message).not.toContain(key);
    }
  });

  it('when a keyed hash is taken, then it is stable for one key and purpose and differs across keys and purposes', () => {
    const ring = KeyRing.parse(k1);
    expect(ring.keyedHash('idempotency-fingerprint', 'hunter2')).toBe(ring.keyedHash('idempotency-fingerprint', 'hunter2'));
    expect(ring.keyedHash('idempotency-fingerprint', 'hunter2')).not.toBe(ring.keyedHash('credentials-fingerprint', 'hunter2'));
    expect(ring.keyedHash('idempotency-fingerprint', 'hunter2')).not.toBe(KeyRing.parse(k2).keyedHash('idempotency-fingerprint', 'hunter2'));
  });

  it('when the embedded default has no key file yet, then it generates one readable by its owner only and reuses it after', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'usergate-keys-')), 'data', 'secrets.key');
    const first = KeyRing.fromFile(file);
    expect(first.created).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const sealed = first.ring.seal('secret', 'default/northpay');
    const again = KeyRing.fromFile(file);
    expect(again.created).toBe(false);
    expect(again.ring.unseal(sealed, 'default/northpay')).toBe('secret');
    expect(readFileSync(file, 'utf8')).toMatch(/^local:/);
  });

  it('when several processes start at once without a key file, then all keep the one key the first wrote, and nothing else is left', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'usergate-keys-')), 'data', 'secrets.key');
    const built = join(__dirname, '../../dist/src/secrets/key-ring.js');
    const script = `const { ring } = require(${JSON.stringify(built)}).KeyRing.fromFile(${JSON.stringify(file)}); console.log(ring.keyedHash('probe', 'x'));`;
    const outputs = await Promise.all(Array.from({ length: 8 }, () => promisify(execFile)(process.execPath, ['-e', script])));
    expect(new Set(outputs.map(({ stdout }) => stdout)).size).toBe(1);
    expect(readdirSync(dirname(file))).toEqual(['secrets.key']);
  });
});
