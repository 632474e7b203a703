// Where an org's DPoP key pair lives: IndexedDB, the one browser store that keeps a CryptoKey as a CryptoKey
// (structured clone), so the private key stays non-extractable and still survives the worker being stopped.
// storage.local/session hold JSON only, which a non-extractable key cannot become.

export interface DpopKeyStore {
  get(origin: string): Promise<CryptoKeyPair | undefined>;
  put(origin: string, keyPair: CryptoKeyPair): Promise<void>;
  delete(origin: string): Promise<void>;
}

const DB_NAME = 'okta-session-inspector';
const STORE = 'dpop-keys';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** One request in its own transaction, resolved when the transaction commits (so a put is durable). */
async function run<T>(mode: IDBTransactionMode, op: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = op(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = tx.onabort = () => reject(tx.error ?? request.error);
    });
  } finally {
    db.close();
  }
}

const isKey = (value: unknown): value is CryptoKey => typeof CryptoKey !== 'undefined' && value instanceof CryptoKey;

export function indexedDbKeyStore(): DpopKeyStore {
  return {
    async get(origin) {
      const value = (await run('readonly', (s) => s.get(origin))) as Partial<CryptoKeyPair> | undefined;
      // Whatever else might be stored there is not a key pair to sign with.
      return value && isKey(value.privateKey) && isKey(value.publicKey) ? { privateKey: value.privateKey, publicKey: value.publicKey } : undefined;
    },
    async put(origin, keyPair) {
      await run('readwrite', (s) => s.put({ privateKey: keyPair.privateKey, publicKey: keyPair.publicKey }, origin));
    },
    async delete(origin) {
      await run('readwrite', (s) => s.delete(origin));
    },
  };
}
