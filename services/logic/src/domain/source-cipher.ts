import { createHash } from 'node:crypto';
import type { Keyring, Sealed } from '@strata/platform';

/**
 * Strategy source is sealed at rest with AES-256-GCM through the platform Keyring: each row stores
 * the id of the key that sealed it (rotation: new versions use the active key, old rows open with
 * the key they name). The additional authenticated data binds a ciphertext to its strategy id and
 * version, so a row copied onto another strategy or version does not open.
 */
export interface SourceBinding {
  strategyId: string;
  version: number;
}

/** The key is missing or the ciphertext did not authenticate (wrong key, tampered or moved row). */
export class SourceDecryptError extends Error {
  readonly code = 'SOURCE_DECRYPT_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'SourceDecryptError';
  }
}

function aad(b: SourceBinding): string {
  return `strata.logic.source|${b.strategyId}|${b.version}`;
}

export function sealSource(ring: Keyring, source: string, binding: SourceBinding): Sealed {
  return ring.seal(source, aad(binding));
}

export function openSource(ring: Keyring, sealed: Sealed, binding: SourceBinding): string {
  if (!ring.has(sealed.kid)) throw new SourceDecryptError(`no key with id "${sealed.kid}" is configured`);
  try {
    return ring.open(sealed, aad(binding)).toString('utf8');
  } catch {
    throw new SourceDecryptError(`source of strategy ${binding.strategyId} v${binding.version} did not authenticate with key "${sealed.kid}"`);
  }
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
