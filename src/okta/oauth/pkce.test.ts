import { describe, expect, it } from 'vitest';
import { bytesFromBase64url, base64urlFromBytes, textFromBase64url } from './base64url';
import { codeChallengeS256, createCodeVerifier, createNonce, createPkce, createState, isCodeVerifier } from './pkce';

describe('PKCE', () => {
  it('computes the S256 challenge of RFC 7636 appendix B', async () => {
    expect(await codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes verifiers of 43 to 128 unreserved characters, different every time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const v = createCodeVerifier();
      expect(v).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
      expect(v).toHaveLength(64);
      seen.add(v);
    }
    expect(seen.size).toBe(50);
    expect(createCodeVerifier(32)).toHaveLength(43);
    expect(createCodeVerifier(96)).toHaveLength(128);
  });

  it('refuses lengths RFC 7636 does not allow, and challenges of non-verifiers', async () => {
    expect(() => createCodeVerifier(31)).toThrow(RangeError);
    expect(() => createCodeVerifier(97)).toThrow(RangeError);
    expect(isCodeVerifier('a'.repeat(42))).toBe(false);
    expect(isCodeVerifier('a'.repeat(129))).toBe(false);
    expect(isCodeVerifier(`${'a'.repeat(42)} `)).toBe(false);
    await expect(codeChallengeS256('short')).rejects.toThrow(RangeError);
  });

  it('pairs a verifier with its own challenge', async () => {
    const p = await createPkce();
    expect(p.method).toBe('S256');
    expect(p.challenge).toBe(await codeChallengeS256(p.verifier));
    expect(p.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('makes 256-bit state and nonce values that differ', () => {
    const values = [createState(), createState(), createNonce(), createNonce()];
    for (const v of values) expect(bytesFromBase64url(v)).toHaveLength(32);
    expect(new Set(values).size).toBe(4);
  });
});

describe('base64url', () => {
  it('round-trips every byte value and UTF-8 text without padding', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const encoded = base64urlFromBytes(all);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect([...bytesFromBase64url(encoded)]).toEqual([...all]);
    expect(textFromBase64url(base64urlFromBytes(new TextEncoder().encode('Zoë ✓')))).toBe('Zoë ✓');
  });

  it('rejects standard base64 and impossible lengths', () => {
    expect(() => bytesFromBase64url('ab+/')).toThrow();
    expect(() => bytesFromBase64url('abcde')).toThrow();
    expect(() => textFromBase64url(base64urlFromBytes(Uint8Array.of(0xff, 0xfe)))).toThrow();
  });
});
