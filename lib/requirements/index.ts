export * from './types';
export * from './retention';
