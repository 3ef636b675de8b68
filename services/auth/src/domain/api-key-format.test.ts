import { describe, expect, it } from 'vitest';
import { apiKeySecretMatches, generateApiKey, parseApiKey } from './api-key-format.ts';
import { sha256 } from './secret-tokens.ts';

describe('API key format', () => {
  it('generates sk_live_<id>_<secret> keys that parse back and match only their own hash', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).toMatch(/^sk_live_[a-z0-9]{12}_[0-9a-f]{64}$/);
    const parsed = parseApiKey(a.key)!;
    expect(parsed.id).toBe(a.id);
    expect(apiKeySecretMatches(parsed.secret, a.secretHash)).toBe(true);
    expect(apiKeySecretMatches(parsed.secret, b.secretHash)).toBe(false);
    expect(a.secretHash.equals(sha256(parsed.secret))).toBe(true);
    expect(a.id).not.toBe(b.id);
  });

  it('refuses malformed keys', () => {
    const { key } = generateApiKey();
    for (const bad of ['', 'sk_test_abc', key.slice(0, -1), key.replace('sk_live_', 'sk_live'), `${key}0`, key.toUpperCase()]) {
      expect(parseApiKey(bad)).toBeNull();
    }
  });
});
