export * from './objects';
export * from './server-events';
export * from './client-events';
export * from './parse';
export * from './error-codes';
