// Every rule file of this folder; the pack's rule list is derived from these exports (see ../index.ts).
export * from './agent-windows-event-ids';
export * from './bastion-host-logging';
export * from './network-firewall-logging';
