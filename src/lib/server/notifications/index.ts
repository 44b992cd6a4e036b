// Notifications: fanned out from the journal, listed, grouped and marked read.
export * from './notify';
export * from './fanout';
export * from './inbox';
export { announce, subscribe } from './live';
