export * from './schema';
export * from './view';
export * from './export';
