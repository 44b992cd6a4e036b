// Private messages between members: conversations, their messages and files, blocks.
export * from './conversations';
export * from './blocks';
export * from './schemas';
export { forwardByEmail } from './forward';
export { readMessageAttachment, type AttachmentView, type UploadedFile } from './attachments';
