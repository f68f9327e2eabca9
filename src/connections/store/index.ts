export { openConnectionStore } from './open';
export * from './types';
