// base64url (RFC 4648 §5, no padding) over bytes and UTF-8 text, with btoa/atob so it runs the same in Node,
// a service worker and a page (no Buffer).

export function base64urlFromBytes(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export const base64urlFromText = (text: string): string => base64urlFromBytes(new TextEncoder().encode(text));

/** Throws on anything that is not unpadded base64url. */
export function bytesFromBase64url(input: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(input) || input.length % 4 === 1) throw new Error('not base64url');
  const binary = atob(input.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Throws on bad base64url or bytes that are not UTF-8. */
export const textFromBase64url = (input: string): string =>
  new TextDecoder('utf-8', { fatal: true }).decode(bytesFromBase64url(input));

export function randomBase64url(byteLength: number): string {
  return base64urlFromBytes(crypto.getRandomValues(new Uint8Array(byteLength)));
}

export async function sha256Base64url(text: string): Promise<string> {
  return base64urlFromBytes(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));
}
