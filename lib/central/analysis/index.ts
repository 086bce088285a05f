export * from './archive-analysis-props';
export * from './detection';
export * from './archive-analysis';
