import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** A sealed secret: everything needed to open it again except the key itself. */
export interface Sealed {
  kid: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

/**
 * AES-256-GCM under named keys. The first key encrypts; every key decrypts, so keys can be rotated by
 * adding a new first key and re-sealing old rows. `aad` binds a ciphertext to its owner (user id,
 * strategy id): a row copied to another owner fails to open.
 */
export class Keyring {
  readonly activeKid: string;
  private readonly keys: Map<string, Buffer>;

  constructor(spec: string) {
    this.keys = new Map();
    for (const pair of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
      const idx = pair.indexOf(':');
      const kid = pair.slice(0, idx);
      const key = Buffer.from(pair.slice(idx + 1), 'base64');
      if (key.length !== 32) throw new Error(`Encryption key "${kid}" must be 32 bytes of base64, got ${key.length} bytes.`);
      this.keys.set(kid, key);
    }
    const first = this.keys.keys().next();
    if (first.done) throw new Error('At least one encryption key is required.');
    this.activeKid = first.value;
  }

  has(kid: string): boolean {
    return this.keys.has(kid);
  }

  seal(plaintext: string | Buffer, aad: string, kid = this.activeKid): Sealed {
    const key = this.key(kid);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { kid, iv, tag: cipher.getAuthTag(), ciphertext };
  }

  open(sealed: Sealed, aad: string): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.key(sealed.kid), sealed.iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  }

  private key(kid: string): Buffer {
    const key = this.keys.get(kid);
    if (!key) throw new Error(`Unknown encryption key id "${kid}".`);
    return key;
  }
}
