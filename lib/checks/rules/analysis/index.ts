// Every rule file of this folder; the pack's rule list is derived from these exports (see ../index.ts).
export * from './athena-workgroup-protected';
