export * from './errors.js';
export * from './frameworks.js';
export * from './protocols.js';
export * from './rate-limit.js';
export type * from './types.js';
