import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const FORMAT = 'v1';

/** The 32-byte key from its hex or base64 (or base64url) spelling; undefined for anything else. */
export function decodeEncryptionKey(text: string): Buffer | undefined {
  let key: Buffer | undefined;
  if (/^[0-9a-f]{64}$/i.test(text)) key = Buffer.from(text, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) key = Buffer.from(text, 'base64');
  return key?.length === 32 ? key : undefined;
}

/**
 * AES-256-GCM for records at rest: a random 96-bit IV for every record, and the record's name as
 * additional authenticated data, so that a sealed value copied under another name (another user's
 * key) fails to open instead of handing out someone else's token.
 */
export class TokenCipher {
  constructor(private readonly key: Buffer) {}

  seal(plaintext: string, name: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv(ALGORITHM, this.key, iv).setAAD(Buffer.from(name, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, ...[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'))].join('.');
  }

  /** The plaintext, or undefined when the value was sealed with another key, under another name, or altered. */
  open(sealed: string, name: string): string | undefined {
    const [format, iv, tag, ciphertext, ...rest] = sealed.split('.');
    if (format !== FORMAT || !iv || !tag || ciphertext === undefined || rest.length) return undefined;
    try {
      const decipher = createDecipheriv(ALGORITHM, this.key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
      decipher.setAAD(Buffer.from(name, 'utf8')).setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
