// Communities of practice: their charter, members, roles, invitations and handovers.
export * from './communities';
export * from './membership';
export * from './invitations';
export * from './handover';
export * from './policy';
export * from './present';
export * from './schemas';
export { dismissWelcome } from './welcome';
export { readCommunityLogo, setCommunityLogo } from './logo';
