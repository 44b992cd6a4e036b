// Private messages between members: conversations, their messages, blocks.
export * from './conversations';
export * from './blocks';
export * from './schemas';
export { forwardByEmail } from './forward';
