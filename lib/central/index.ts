export * from './targets';
export * from './source-scope';
export * from './log-archive-props';
export * from './log-archive';
export * from './central-log-destination';
export * from './central-event-bus';
export * from './central-log-account';
export * from './archive-delivery-options';
