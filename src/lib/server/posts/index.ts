// Publications and discussions: writing, commenting, reacting, following, reading, and the feeds.
export * from './schemas';
export * from './posts';
export * from './comments';
export * from './reactions';
export * from './follows';
export * from './reads';
export * from './feed';
export * from './thread';
export { readAttachment, presentAttachment, type UploadedFile, type AttachmentView } from './attachments';
export { excerpt } from './content';
export { previewMarkdown, shareTargets, suggestMentions, type WritingPlace } from './compose';
