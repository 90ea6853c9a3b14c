export * from './codes.js';
export * from './chaos-error.js';
