import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OktaError } from './errors';
import {
  createSessionRequestSchema,
  oktaErrorBodySchema,
  parseOktaErrorBody,
  parseSession,
  sessionSchema,
} from './schemas';

interface OpenApi {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { examples?: Record<string, { $ref: string }> }> }> }>>;
  components: {
    examples: Record<string, { value: unknown }>;
    schemas: Record<string, { enum?: string[]; properties?: Record<string, unknown> }>;
  };
}

const spec = JSON.parse(readFileSync(new URL('../../test/mock-org/spec/sessions-openapi.json', import.meta.url), 'utf8')) as OpenApi;
const exampleName = (ref: string) => ref.split('/').pop() as string;

/** Every example the spec gives for a 200 Session response, and for an error response, found by its $refs. */
function examplesFor(status: (code: string) => boolean): string[] {
  const names = new Set<string>();
  for (const methods of Object.values(spec.paths)) {
    for (const op of Object.values(methods)) {
      for (const [code, response] of Object.entries(op.responses ?? {})) {
        if (!status(code)) continue;
        for (const media of Object.values(response.content ?? {})) {
          for (const ex of Object.values(media.examples ?? {})) names.add(exampleName(ex.$ref));
        }
      }
    }
  }
  return [...names];
}

const sessionExamples = examplesFor((code) => code === '200');
const errorExamples = Object.keys(spec.components.examples).filter((name) => name.startsWith('Error'));

describe('SessionSchema against the OpenAPI excerpt', () => {
  it('finds the Session examples', () => {
    expect(sessionExamples.sort()).toEqual(
      [
        'CreateSessionResponse',
        'RefreshCurrentSessionResponse',
        'RefreshSessionResponse',
        'RetrieveCurrentSessionResponse',
        'RetrieveSessionResponse',
      ].sort(),
    );
  });

  it.each(sessionExamples)('parses %s and keeps every field', (name) => {
    const value = spec.components.examples[name]?.value as Record<string, unknown>;
    const session = parseSession(value);
    expect(session).toEqual(value);
    expect(session.id).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('covers every property of the spec Session schema', () => {
    const specProps = Object.keys(spec.components.schemas.Session?.properties ?? {}).sort();
    const ours = Object.keys(sessionSchema().def.shape);
    for (const prop of specProps) expect(ours).toContain(prop);
  });
});

describe('SessionSchema beyond the spec', () => {
  const apiMdExample = {
    id: '102XV1tNvxsTm69-StW_BCU-Q',
    userId: '00u8eyowx5GiJhqvj1d6',
    login: 'john.doe@example.com',
    createdAt: '2021-10-07T18:22:07.000Z',
    expiresAt: '2021-10-07T20:22:07.000Z',
    status: 'ACTIVE',
    lastPasswordVerification: '2021-10-07T18:22:07.000Z',
    lastFactorVerification: null,
    amr: ['pwd'],
    idp: { id: '00o2di92cuwsnS0PS1d6', type: 'OKTA' },
    mfaActive: false,
    _links: {
      self: { href: 'https://{org}/api/v1/sessions/102XV1tNvxsTm69-StW_BCU-Q', hints: { allow: ['GET', 'DELETE'] } },
      user: { name: 'John Doe', href: 'https://{org}/api/v1/users/00u8eyowx5GiJhqvj1d6' },
    },
  };

  it('parses a real reply: null lastFactorVerification, mfaActive, other _links', () => {
    expect(parseSession(apiMdExample)).toEqual(apiMdExample);
  });

  it('keeps unknown fields and unknown enum values', () => {
    const session = parseSession({
      id: 'l7FbDVqS8zHSy65uJD85',
      status: 'MFA_SOMETHING_NEW',
      amr: ['pwd', 'face'],
      idp: { id: 'x', type: 'NEW_IDP_KIND', extra: 1 },
      somethingNew: { nested: true },
    });
    expect(session.status).toBe('MFA_SOMETHING_NEW');
    expect(session.amr).toEqual(['pwd', 'face']);
    expect(session.idp).toEqual({ id: 'x', type: 'NEW_IDP_KIND', extra: 1 });
    expect((session as Record<string, unknown>).somethingNew).toEqual({ nested: true });
  });

  it('accepts an empty object (every field optional) and any _links', () => {
    expect(parseSession({})).toEqual({});
    for (const links of [null, [], 'x', { self: 'y' }]) expect(parseSession({ _links: links })._links).toEqual(links);
  });

  it.each([
    ['null', null],
    ['an array', [apiMdExample]],
    ['a string', 'session'],
    ['a numeric id', { id: 12 }],
    ['amr not an array', { amr: 'pwd' }],
    ['an amr entry not a string', { amr: [1] }],
    ['expiresAt a number', { expiresAt: 1633637527000 }],
    ['mfaActive a string', { mfaActive: 'false' }],
  ])('refuses %s with a malformed error naming where', (_name, value) => {
    let caught: unknown;
    try {
      parseSession(value);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OktaError);
    expect((caught as OktaError).kind).toBe('malformed');
    expect((caught as OktaError).message).toMatch(/did not look like a session/);
  });

  it('names the failing field without echoing its value', () => {
    try {
      parseSession({ login: { secret: 'hunter2' } });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain('"login"');
      expect((error as Error).message).not.toContain('hunter2');
    }
  });
});

describe('OktaErrorBodySchema', () => {
  it.each(errorExamples)('parses the spec example %s', (name) => {
    const value = spec.components.examples[name]?.value as Record<string, unknown>;
    expect(oktaErrorBodySchema().safeParse(value).success).toBe(true);
    expect(parseOktaErrorBody(value)?.errorCode).toBe(value.errorCode);
  });

  it('reads errorCauses', () => {
    const body = parseOktaErrorBody({
      errorCode: 'E0000001',
      errorSummary: 'Api validation failed',
      errorCauses: [{ errorSummary: 'login: required' }],
    });
    expect(body?.errorCauses?.[0]?.errorSummary).toBe('login: required');
  });

  it.each([
    ['null', null],
    ['an empty object', {}],
    ['an OAuth error', { error: 'invalid_token', error_description: 'expired' }],
    ['an HTML page', '<html>'],
    ['a wrong type', { errorCode: 7 }],
  ])('is not Okta error JSON: %s', (_name, value) => {
    expect(parseOktaErrorBody(value)).toBeUndefined();
  });
});

describe('CreateSessionRequestSchema', () => {
  it('accepts the spec example body', () => {
    const body = spec.components.examples.CreateSessionBody?.value;
    expect(createSessionRequestSchema().safeParse(body).success).toBe(true);
  });
  it('refuses an empty token', () => {
    expect(createSessionRequestSchema().safeParse({ sessionToken: '' }).success).toBe(false);
  });
});
