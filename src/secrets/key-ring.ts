import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A key-encryption key and the id it is named by in sealed records. */
interface NamedKey {
  id: string;
  key: Buffer;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Sealed records are `v1.<key id>.<iv>.<ciphertext>.<tag>`, each part base64url. */
const SEALED_VERSION = 'v1';

export class KeyRingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyRingError';
  }
}

/**
 * The gateway's key-encryption keys (`USERGATE_SECRETS_KEYS=k2:<base64>,k1:<base64>`): the first
 * seals, every one unseals, so that records sealed under an older key stay readable until
 * `usergate secrets rotate` has sealed them again under the first. Keys never leave this object.
 */
export class KeyRing {
  private readonly keys: readonly NamedKey[];
  private readonly derived = new Map<string, Buffer>();

  private constructor(keys: readonly NamedKey[]) {
    this.keys = keys;
  }

  /** Parses `id:<base64 of 32 bytes>` pairs, comma-separated; errors name the key id, never a key. */
  static parse(value: string): KeyRing {
    const keys = value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map((entry, index): NamedKey => {
        const separator = entry.indexOf(':');
        const id = separator > 0 ? entry.slice(0, separator) : '';
        if (!KEY_ID.test(id))
          throw new KeyRingError(`USERGATE_SECRETS_KEYS entry ${index + 1}: write it as <id>:<base64 key>, the id of letters, digits, - or _`);
        const key = Buffer.from(entry.slice(separator + 1), 'base64');
        if (key.length !== KEY_BYTES) throw new KeyRingError(`USERGATE_SECRETS_KEYS key "${id}": must be ${KEY_BYTES} bytes, base64-encoded`);
        return { id, key };
      });
    if (keys.length === 0) throw new KeyRingError('USERGATE_SECRETS_KEYS names no key');
    const ids = new Set(keys.map((named) => named.id));
    if (ids.size !== keys.length) throw new KeyRingError('USERGATE_SECRETS_KEYS names a key id twice');
    return new KeyRing(keys);
  }

  /**
   * The embedded default's key: read from `file`, or generated there (mode 0600) on first start.
   * `created` tells the caller to say loudly where it is kept.
   */
  static fromFile(file: string): { ring: KeyRing; created: boolean } {
    if (existsSync(file)) return { ring: KeyRing.parse(readFileSync(file, 'utf8')), created: false };
    mkdirSync(dirname(file), { recursive: true });
    // Written whole under a name of its own, then linked into place: processes starting together (the
    // workers of `--workers`) each find either no file or the complete one, and all keep the first.
    const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(draft, `${KeyRing.generateEntry('local')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(draft, 0o600);
    let created = true;
    try {
      linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      created = false;
    } finally {
      unlinkSync(draft);
    }
    return { ring: KeyRing.parse(readFileSync(file, 'utf8')), created };
  }

  /** A new `id:<base64>` entry, for `USERGATE_SECRETS_KEYS`. */
  static generateEntry(id: string): string {
    return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`;
  }

  /** The id of the key that seals. */
  get currentKeyId(): string {
    return this.first().id;
  }

  get keyIds(): readonly string[] {
    return this.keys.map((named) => named.id);
  }

  /**
   * AES-256-GCM with a random IV under the first key; `associatedData` (the tenant and connection
   * a record belongs to) is authenticated, so a record moved to another place no longer opens.
   */
  seal(plaintext: string, associatedData: string): string {
    const { id, key } = this.first();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [SEALED_VERSION, id, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  /** The plaintext, or undefined when no configured key opens the record (or it was moved or altered). */
  unseal(sealed: string, associatedData: string): string | undefined {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== SEALED_VERSION) return undefined;
    const [, id, iv, ciphertext, tag] = parts as [string, string, string, string, string];
    const named = this.keys.find((candidate) => candidate.id === id);
    if (!named) return undefined;
    const authTag = Buffer.from(tag, 'base64url');
    if (authTag.length !== TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', named.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(authTag);
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }

  /** The id of the key a record is sealed under (for `secrets rotate`), or undefined when it is not a sealed record. */
  static sealedKeyId(sealed: string): string | undefined {
    const parts = sealed.split('.');
    return parts.length === 5 && parts[0] === SEALED_VERSION ? parts[1] : undefined;
  }

  /**
   * A keyed hash for one purpose (`idempotency-fingerprint`, `credentials-fingerprint`): a
   * sub-key derived from the first key with HKDF, so a stored hash of a secret cannot be
   * checked against guesses by anyone who lacks the key.
   */
  keyedHash(purpose: string, value: string): string {
    return createHmac('sha256', this.derive(purpose)).update(value, 'utf8').digest('base64url');
  }

  private derive(purpose: string): Buffer {
    let key = this.derived.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.first().key, Buffer.alloc(0), `usergate:${purpose}`, KEY_BYTES));
      this.derived.set(purpose, key);
    }
    return key;
  }

  private first(): NamedKey {
    const [first] = this.keys;
    if (!first) throw new KeyRingError('the key ring is empty');
    return first;
  }
}
