// Every rule file of this folder; the pack's rule list is derived from these exports (see ../index.ts).
export * from './log-bucket-access-logging';
export * from './log-bucket-public-access';
export * from './log-store-encryption';
export * from './log-store-maximum-retention';
export * from './log-store-minimum-retention';
export * from './log-store-retained';
