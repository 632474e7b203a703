// The worker's name for the store key; it lives in src/shared so the live pages (src/shared/live-filter.ts) read
// stores the same way without importing the worker.
export { storeKey } from '../shared/cookie-store';
