import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspectViewSchema, type ErrorInfo, type InspectView } from '../shared/protocol';
import {
  amrLabel,
  errorDetails,
  errorTitle,
  hostOf,
  idpLabel,
  sourceLabel,
  statusHint,
  statusTone,
} from './view-model';
import { sessionJson } from './session-json';
import { targetFromSearch, resolveTarget } from './target';

describe('amrLabel', () => {
  it('explains every method Okta documents', () => {
    const expected: Record<string, string> = {
      pwd: 'Password',
      swk: 'Software key',
      hwk: 'Hardware key',
      otp: 'One-time code',
      sms: 'SMS',
      tel: 'Phone call',
      geo: 'Location',
      fpt: 'Fingerprint',
      kba: 'Security question',
      mfa: 'Multiple factors',
      mca: 'Multiple channels',
      sc: 'Smart card',
    };
    for (const [code, label] of Object.entries(expected)) expect(amrLabel(code)).toBe(label);
  });

  it('has a plain-words label for every amr code in Okta’s published spec', () => {
    const spec = JSON.parse(readFileSync(new URL('../../test/mock-org/spec/sessions-openapi.json', import.meta.url), 'utf8'));
    const codes: string[] = spec.components.schemas.SessionAuthenticationMethod.enum;
    expect(codes.length).toBeGreaterThan(5);
    for (const code of codes) expect(amrLabel(code)).not.toBe(code);
  });

  it('shows an unknown code raw, and is not fooled by object properties', () => {
    expect(amrLabel('face')).toBe('face');
    expect(amrLabel('toString')).toBe('toString');
    expect(amrLabel('__proto__')).toBe('__proto__');
  });
});

describe('status', () => {
  it('is green when active, amber while Okta wants a factor, plain otherwise', () => {
    expect(statusTone('ACTIVE')).toBe('ok');
    expect(statusTone('MFA_REQUIRED')).toBe('warn');
    expect(statusTone('MFA_ENROLL')).toBe('warn');
    expect(statusTone('SUSPENDED_SOMEHOW')).toBe('plain');
    expect(statusTone(undefined)).toBe('plain');
  });

  it('explains known statuses only', () => {
    expect(statusHint('MFA_REQUIRED')).toBe('Waiting for a second factor');
    expect(statusHint('NEW_THING')).toBeUndefined();
    expect(statusHint('constructor')).toBeUndefined();
  });
});

describe('labels', () => {
  it('names identity providers and keeps unknown types', () => {
    expect(idpLabel('ACTIVE_DIRECTORY')).toBe('Active Directory');
    expect(idpLabel('OKTA')).toBe('Okta');
    expect(idpLabel('SAML2')).toBe('SAML2');
  });

  it('marks an idx-derived session id as derived', () => {
    expect(sourceLabel('idx')).toBe('derived from the idx cookie');
    expect(sourceLabel('sid')).toBe('from the sid cookie');
  });

  it('shows an origin by its host', () => {
    expect(hostOf('https://acme.okta.com')).toBe('acme.okta.com');
    expect(hostOf('https://127.0.0.1:8443')).toBe('127.0.0.1:8443');
    expect(hostOf('not a url')).toBe('not a url');
  });
});

describe('errors', () => {
  const error: ErrorInfo = {
    kind: 'forbidden',
    message: 'The API token lacks the right to read sessions.',
    status: 403,
    okta: { errorCode: 'E0000006', errorSummary: 'You do not have permission', errorId: 'oaeAbC', requestId: 'req-1' },
  };

  it('lists the fields support asks for, only those present', () => {
    expect(errorDetails(error)).toEqual([
      ['Error code', 'E0000006'],
      ['Summary', 'You do not have permission'],
      ['Error id', 'oaeAbC'],
      ['Request id', 'req-1'],
      ['HTTP status', '403'],
    ]);
    expect(errorDetails({ kind: 'network', message: 'offline' })).toEqual([]);
    expect(errorDetails({ kind: 'okta', message: 'x', okta: { requestId: 'r' } })).toEqual([['Request id', 'r']]);
  });

  it('titles each kind, with a fallback', () => {
    expect(errorTitle(error)).toBe('Not allowed by Okta');
    expect(errorTitle({ kind: 'rate_limited', message: '' })).toBe('Okta is rate limiting requests');
    expect(errorTitle({ kind: 'internal', message: '' })).toBe('Something went wrong');
  });
});

describe('sessionJson', () => {
  it('carries the identifiers and timestamps, and stays a valid view when read back', () => {
    const view = inspectViewSchema().parse({
      state: 'session',
      org: { origin: 'https://acme.okta.com', via: 'https://login.acme.com' },
      session: { idHint: '102X…CU-Q', key: 'k3yOfTheSession0', login: 'john.doe@example.com', amr: ['pwd'] },
      source: 'idx',
      fetchedAt: Date.UTC(2026, 0, 1, 12, 0, 0),
    });
    if (view.state !== 'session') throw new Error('unreachable');
    const json = JSON.parse(sessionJson(view));
    expect(json).toEqual({
      org: 'https://acme.okta.com',
      via: 'https://login.acme.com',
      sessionIdSource: 'idx',
      fetchedAt: '2026-01-01T12:00:00.000Z',
      session: { idHint: '102X…CU-Q', login: 'john.doe@example.com', amr: ['pwd'] },
    });
  });

  it('exports only the fields it names: an id or anything else that reached the view stays out', () => {
    const fullId = '102XV1tNvxsTm69-StW_BCU-Q';
    const view = {
      state: 'session',
      org: { origin: 'https://acme.okta.com' },
      session: {
        idHint: '102X…CU-Q',
        key: 'k3yOfTheSession0',
        id: fullId,
        login: 'john.doe@example.com',
        idp: { id: '00o1', type: 'OKTA', href: `https://acme.okta.com/api/v1/sessions/${fullId}` },
        _links: { self: { href: `https://acme.okta.com/api/v1/sessions/${fullId}` } },
      },
      source: 'sid',
      fetchedAt: 0,
    } as unknown as Extract<InspectView, { state: 'session' }>;
    const text = sessionJson(view);
    expect(text).not.toContain(fullId);
    expect(text).not.toContain('k3yOfTheSession0');
    expect(JSON.parse(text).session).toEqual({ idHint: '102X…CU-Q', login: 'john.doe@example.com', idp: { id: '00o1', type: 'OKTA' } });
  });
});

describe('target', () => {
  it('reads ?tab= and ?org= from the popup URL', () => {
    expect(targetFromSearch('?tab=42')).toEqual({ tabId: 42 });
    expect(targetFromSearch('?org=https%3A%2F%2Facme.okta.com')).toEqual({ org: 'https://acme.okta.com' });
    expect(targetFromSearch('')).toBeNull();
    expect(targetFromSearch('?tab=-1')).toBeNull();
    expect(targetFromSearch('?tab=abc')).toBeNull();
  });

  it('falls back to the active tab, and fails plainly without one', async () => {
    expect(await resolveTarget('', async () => [{ id: 7 }])).toEqual({ tabId: 7 });
    expect(await resolveTarget('?tab=3', async () => [{ id: 7 }])).toEqual({ tabId: 3 });
    await expect(resolveTarget('', async () => [])).rejects.toThrow('no active tab');
  });
});
