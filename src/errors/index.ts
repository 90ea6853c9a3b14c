export * from './codes.js';
export * from './chaos-error.js';
export * from './abandoned.js';
