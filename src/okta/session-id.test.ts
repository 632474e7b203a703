import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OktaError } from './errors';
import {
  sessionIdFromIdx,
  sessionIdFromSid,
  sessionIdHint,
  sessionKey,
  sessionPath,
  validateSessionId,
} from './session-id';

const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
/** A compact JWE shaped like Okta's idx cookie: protected header, empty key (dir), iv, ciphertext, tag. */
const jwe = (header: unknown, raw = false) =>
  [raw ? (header as string) : b64url(JSON.stringify(header)), '', 'aXY', 'Y2lwaGVydGV4dA', 'dGFn'].join('.');

describe('validateSessionId', () => {
  it.each(['l7FbDVqS8zHSy65uJD85', '102XV1tNvxsTm69-StW_BCU-Q', 'idx1234567890abcdef', 'a'.repeat(16), 'Z'.repeat(64)])(
    'accepts %s',
    (id) => {
      expect(validateSessionId(id)).toBe(id);
    },
  );

  it.each([
    'me',
    '',
    'a'.repeat(15),
    'a'.repeat(65),
    '../../users/me/xx',
    '102XV1tNvxsTm69-StW_BCU-Q/lifecycle',
    '102XV1tNvxsTm69%2FStW_BCU',
    '102XV1tNvxsTm69.StW_BCU-Q',
    ' 102XV1tNvxsTm69-StW_BCU-Q',
    '102XV1tNvxsTm69-StW_BCU-Q\n',
    '102XV1tNvxsTm69-StW_BCU-Q?x=1',
    '102XV1tNvxsTm69-StW_BCU-Q#',
    'ｌ7FbDVqS8zHSy65uJD85', // full-width letter
  ])('rejects %j without echoing it', (id) => {
    let caught: unknown;
    try {
      validateSessionId(id);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OktaError);
    expect((caught as OktaError).kind).toBe('invalid_input');
    if (id.length > 3) expect((caught as OktaError).message).not.toContain(id.trim());
  });
});

describe('sessionPath', () => {
  it('builds the session path from a valid id', () => {
    expect(sessionPath('102XV1tNvxsTm69-StW_BCU-Q')).toBe('/api/v1/sessions/102XV1tNvxsTm69-StW_BCU-Q');
  });
  it('refuses ids that would change the path', () => {
    expect(() => sessionPath('../../../api/v1/users')).toThrow(OktaError);
    expect(() => sessionPath('me')).toThrow(OktaError);
  });
  it('only ever yields one path segment under /api/v1/sessions/', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (raw) => {
        let path: string;
        try {
          path = sessionPath(raw);
        } catch (error) {
          expect((error as OktaError).kind).toBe('invalid_input');
          return;
        }
        expect(path).toMatch(/^\/api\/v1\/sessions\/[A-Za-z0-9_-]{16,64}$/);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('sessionIdFromSid', () => {
  it('reads a Classic sid cookie', () => {
    expect(sessionIdFromSid('102XV1tNvxsTm69-StW_BCU-Q')).toBe('102XV1tNvxsTm69-StW_BCU-Q');
    expect(sessionIdFromSid('"102XV1tNvxsTm69-StW_BCU-Q"')).toBe('102XV1tNvxsTm69-StW_BCU-Q');
  });
  it.each(['', 'me', '""', 'short', 'abc/def/ghi/jkl/mno', 'x'.repeat(200), '"102XV1tNvxsTm69-StW_BCU-Q'])(
    'gives undefined for %j',
    (value) => {
      expect(sessionIdFromSid(value)).toBeUndefined();
    },
  );
});

describe('sessionIdFromIdx', () => {
  it('reads xsid from the protected header', () => {
    const cookie = jwe({ alg: 'dir', enc: 'A256GCM', zip: 'DEF', xsid: '102XV1tNvxsTm69-StW_BCU-Q', ver: '1' });
    expect(sessionIdFromIdx(cookie)).toBe('102XV1tNvxsTm69-StW_BCU-Q');
  });

  it('reads a header that jose itself produced', async () => {
    const { CompactEncrypt } = await import('jose');
    const key = new Uint8Array(32).fill(7);
    const cookie = await new CompactEncrypt(new TextEncoder().encode('secret state'))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', xsid: 'l7FbDVqS8zHSy65uJD85' })
      .encrypt(key);
    expect(sessionIdFromIdx(cookie)).toBe('l7FbDVqS8zHSy65uJD85');
  });

  it.each([
    ['empty', ''],
    ['not a JWE', 'l7FbDVqS8zHSy65uJD85'],
    ['three segments (a JWS)', `${b64url(JSON.stringify({ xsid: 'l7FbDVqS8zHSy65uJD85' }))}.e30.sig`],
    ['no xsid', jwe({ alg: 'dir', enc: 'A256GCM' })],
    ['xsid not a string', jwe({ xsid: 12345678901234567890 })],
    ['xsid an object', jwe({ xsid: { id: 'l7FbDVqS8zHSy65uJD85' } })],
    ['xsid that would change the path', jwe({ xsid: '../../users/00u1/sessions' })],
    ['xsid "me"', jwe({ xsid: 'me' })],
    ['header is an array', jwe(['l7FbDVqS8zHSy65uJD85'])],
    ['header is null', jwe(null)],
    ['header is a string', jwe('l7FbDVqS8zHSy65uJD85')],
    ['header not JSON', jwe(b64url('{xsid:'), true)],
    ['header not base64url', jwe('eyJ4c2lkIjoi+/==', true)],
    ['header bad length', jwe('a', true)],
    ['header invalid UTF-8', jwe(Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url'), true)],
    ['header empty', jwe('', true)],
  ])('gives undefined for %s', (_name, value) => {
    expect(sessionIdFromIdx(value)).toBeUndefined();
  });

  it('never throws, whatever the cookie holds', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(fc.base64String(), { minLength: 5, maxLength: 5 }).map((parts) => parts.join('.')),
          fc.jsonValue().map((value) => jwe(value)),
          fc.dictionary(fc.string(), fc.jsonValue()).map((header) => jwe(header)),
        ),
        (value) => {
          const id = sessionIdFromIdx(value);
          if (id !== undefined) expect(id).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

/** Any id validateSessionId accepts. */
const validId = fc
  .stringMatching(/^[A-Za-z0-9_-]{16,64}$/)
  .filter((id) => id !== 'me');

/** The longest run of characters `text` shares with `id`, in order and contiguous. */
function longestCommonRun(text: string, id: string): number {
  let best = 0;
  for (let i = 0; i < text.length; i++) {
    for (let len = best + 1; i + len <= text.length; len++) {
      if (!id.includes(text.slice(i, i + len))) break;
      best = len;
    }
  }
  return best;
}

describe('sessionIdHint', () => {
  it('shows the first and last four characters of a valid id', () => {
    expect(sessionIdHint('102XV1tNvxsTm69-StW_BCU-Q')).toBe('102X…CU-Q');
    expect(sessionIdHint('a'.repeat(12) + 'bcde')).toBe('aaaa…bcde');
  });

  it('shows less of ids too short to be valid', () => {
    expect(sessionIdHint('abcdefghijklmno')).toBe('…lmno');
    expect(sessionIdHint('abcdefgh')).toBe('…efgh');
    expect(sessionIdHint('abcdefg')).toBe('…');
    expect(sessionIdHint('')).toBe('…');
  });

  it('never holds more than eight characters of the id, nor half of it', () => {
    fc.assert(
      fc.property(fc.oneof(validId, fc.string({ maxLength: 80 })), (id) => {
        const hint = sessionIdHint(id);
        const shown = hint.replace('…', '');
        expect(shown.length).toBeLessThanOrEqual(8);
        expect(shown.length).toBeLessThanOrEqual(id.length / 2);
        expect(hint).not.toBe(id);
        if (id.length > 0) expect(hint).toContain('…');
      }),
      { numRuns: 1000 },
    );
  });
});

describe('sessionKey', () => {
  it('is stable, base64url, 16 characters', async () => {
    const key = await sessionKey('102XV1tNvxsTm69-StW_BCU-Q');
    expect(key).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(await sessionKey('102XV1tNvxsTm69-StW_BCU-Q')).toBe(key);
  });

  it('is SHA-256 over a fixed prefix, so it is the same in every worker life and every browser', async () => {
    const { createHash } = await import('node:crypto');
    const id = 'l7FbDVqS8zHSy65uJD85';
    const expected = createHash('sha256')
      .update(`okta-session-inspector/session-key/v1\u0000${id}`)
      .digest()
      .subarray(0, 12)
      .toString('base64url');
    expect(await sessionKey(id)).toBe(expected);
    // Not the plain hash of the id, which other tools might also publish.
    expect(await sessionKey(id)).not.toBe(createHash('sha256').update(id).digest().subarray(0, 12).toString('base64url'));
  });

  it('differs for different ids, even ids one character apart', async () => {
    expect(await sessionKey('102XV1tNvxsTm69-StW_BCU-Q')).not.toBe(await sessionKey('102XV1tNvxsTm69-StW_BCU-R'));
    await fc.assert(
      fc.asyncProperty(validId, validId, async (a, b) => {
        fc.pre(a !== b);
        expect(await sessionKey(a)).not.toBe(await sessionKey(b));
      }),
      { numRuns: 300 },
    );
  });

  it('contains no six-character run of the id it was made from', async () => {
    await fc.assert(
      fc.asyncProperty(validId, async (id) => {
        const key = await sessionKey(id);
        expect(longestCommonRun(key, id)).toBeLessThan(6);
        expect(key).toBe(await sessionKey(id));
      }),
      { numRuns: 1000 },
    );
  });
});
