// Files members attach to a publication, turned into what Ruche stores: the type is read from the bytes
// against an allow-list, pictures are re-encoded like every picture in Ruche, and other files are kept as sent.
import sharp from 'sharp';
import { fileTypeFromBuffer } from 'file-type';
import { invalid } from '../errors';
import { imageLimits } from '../images';

export type PreparedAttachment = {
  kind: 'image' | 'file';
  mime: string;
  extension: string;
  bytes: Buffer;
  size: number;
  width: number | null;
  height: number | null;
  fileName: string;
};

type Accepted = { mime: string; extension: string; kind: 'image' | 'file' };

// Keyed by the extension file-type reports, which names a format more precisely than its MIME type
// (m4p, f4v and mp4 all report video/mp4). The value is what Ruche records.
const sniffed = new Map<string, Accepted>([
  // Pictures are decoded and re-encoded, so whatever they carry beyond pixels is gone.
  ['png', { mime: 'image/png', extension: 'png', kind: 'image' }],
  // An animated PNG is still a PNG; its first frame is kept, as for GIF.
  ['apng', { mime: 'image/apng', extension: 'png', kind: 'image' }],
  ['jpg', { mime: 'image/jpeg', extension: 'jpg', kind: 'image' }],
  ['webp', { mime: 'image/webp', extension: 'webp', kind: 'image' }],
  ['gif', { mime: 'image/gif', extension: 'gif', kind: 'image' }],
  ['avif', { mime: 'image/avif', extension: 'avif', kind: 'image' }],
  ['pdf', { mime: 'application/pdf', extension: 'pdf', kind: 'file' }],
  ['odt', { mime: 'application/vnd.oasis.opendocument.text', extension: 'odt', kind: 'file' }],
  ['ods', { mime: 'application/vnd.oasis.opendocument.spreadsheet', extension: 'ods', kind: 'file' }],
  ['odp', { mime: 'application/vnd.oasis.opendocument.presentation', extension: 'odp', kind: 'file' }],
  ['docx', { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx', kind: 'file' }],
  ['xlsx', { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx', kind: 'file' }],
  ['pptx', { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extension: 'pptx', kind: 'file' }],
  ['epub', { mime: 'application/epub+zip', extension: 'epub', kind: 'file' }],
  ['mp3', { mime: 'audio/mpeg', extension: 'mp3', kind: 'file' }],
  // file-type says audio/x-m4a; audio/mp4 is the registered name every browser plays.
  ['m4a', { mime: 'audio/mp4', extension: 'm4a', kind: 'file' }],
  ['ogg', { mime: 'audio/ogg', extension: 'ogg', kind: 'file' }],
  ['oga', { mime: 'audio/ogg', extension: 'oga', kind: 'file' }],
  // Voice messages from phones are usually Opus in Ogg.
  ['opus', { mime: 'audio/ogg', extension: 'opus', kind: 'file' }],
  ['wav', { mime: 'audio/wav', extension: 'wav', kind: 'file' }],
  ['mp4', { mime: 'video/mp4', extension: 'mp4', kind: 'file' }],
  ['webm', { mime: 'video/webm', extension: 'webm', kind: 'file' }]
]);

// Legacy Office files are all one container (Compound File Binary) to file-type, as are installers
// (.msi) and other things; only the name tells a document apart, so it is taken only with one of these.
const legacyOffice = new Map<string, Accepted>([
  ['doc', { mime: 'application/msword', extension: 'doc', kind: 'file' }],
  ['xls', { mime: 'application/vnd.ms-excel', extension: 'xls', kind: 'file' }],
  ['ppt', { mime: 'application/vnd.ms-powerpoint', extension: 'ppt', kind: 'file' }]
]);

// Plain text has no signature at all: the name says which kind, the bytes must be text.
const plainText = new Map<string, Accepted>([
  ['txt', { mime: 'text/plain', extension: 'txt', kind: 'file' }],
  ['csv', { mime: 'text/csv', extension: 'csv', kind: 'file' }],
  ['md', { mime: 'text/markdown', extension: 'md', kind: 'file' }]
]);

/** Every type a member may attach, as recorded (pictures are then stored as WebP). */
export const attachmentTypes: readonly { mime: string; extension: string }[] = [...sniffed.values(), ...legacyOffice.values(), ...plainText.values()]
  .filter((type, index, all) => all.findIndex((other) => other.mime === type.mime && other.extension === type.extension) === index)
  .map(({ mime, extension }) => ({ mime, extension }));

/** Pictures are shown in the publication: large enough for a screen, small enough to load fast. */
const maxSide = 1600;

/** The extension the member's file name ends with, lower-cased ('' when none). */
function nameExtension(fileName: string): string {
  return /\.([A-Za-z0-9]+)$/.exec(fileName.trim())?.[1]?.toLowerCase() ?? '';
}

function isText(bytes: Uint8Array): boolean {
  // A NUL byte is valid UTF-8, yet no text file has one: it marks a binary file named .txt.
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

async function typeOf(bytes: Uint8Array, fileName: string): Promise<Accepted | null> {
  let found: { ext: string; mime: string } | undefined;
  try {
    found = await fileTypeFromBuffer(bytes);
  } catch {
    // A file file-type cannot even parse is not one we know how to accept.
    return null;
  }
  const extension = nameExtension(fileName);
  if (found?.ext === 'cfb') return legacyOffice.get(extension) ?? null;
  if (found) return sniffed.get(found.ext) ?? null;
  const text = plainText.get(extension);
  return text && isText(bytes) ? text : null;
}

/** The attachment as Ruche stores it, or an `invalid` error on `field` with a translated reason. */
export async function prepareAttachment(input: {
  bytes: Uint8Array;
  fileName: string;
  maxBytes: number;
  field: string;
}): Promise<PreparedAttachment> {
  const { bytes, fileName, maxBytes, field } = input;
  const refuse = (message: string) => invalid([{ path: field, message }]);
  if (bytes.byteLength === 0) throw refuse('attachments.errors.empty');
  if (bytes.byteLength > maxBytes) throw refuse('attachments.errors.too_large');
  const type = await typeOf(bytes, fileName);
  if (!type) throw refuse('attachments.errors.unsupported');

  if (type.kind === 'file') {
    // Kept byte for byte (a view, not a copy): documents are downloaded, never rendered by Ruche.
    const stored = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return {
      kind: 'file',
      mime: type.mime,
      extension: type.extension,
      bytes: stored,
      size: stored.byteLength,
      width: null,
      height: null,
      fileName: safeFileName(fileName, type.extension)
    };
  }

  const picture = await sharp(bytes, { limitInputPixels: imageLimits.maxPixels, failOn: 'error', animated: false })
    .rotate()
    .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 82 })
    .toBuffer({ resolveWithObject: true })
    .catch(() => {
      // Truncated, corrupt, or over the pixel limit: all one answer to the member.
      throw refuse('attachments.errors.unreadable');
    });
  return {
    kind: 'image',
    mime: 'image/webp',
    extension: 'webp',
    bytes: picture.data,
    size: picture.data.byteLength,
    width: picture.info.width,
    height: picture.info.height,
    fileName: safeFileName(fileName, 'webp')
  };
}

const maxNameLength = 120;

// Characters no file system or download dialog should see: controls, invisible formatting (a
// right-to-left override makes "gpj.exe" read as "exe.jpg"), lone surrogates, quotes, path separators
// and what Windows refuses in names.
const unsafe = /[\p{Cc}\p{Cf}\p{Cs}"'`<>:|?*\\/]/gu;

/** A safe download name: no path separators, control chars, quotes or leading dots; keeps letters with accents; max 120 chars; extension forced to the sniffed one. */
export function safeFileName(name: string, extension: string): string {
  const ext = extension.toLowerCase().replace(/[^a-z0-9]/g, '');
  const suffix = ext ? `.${ext}` : '';
  // Some browsers send the whole path ("C:\Users\…\report.pdf"); only the last part is the name.
  const base = name.split(/[/\\]/).pop() ?? '';
  let stem = base
    .normalize('NFC')
    // Line breaks and tabs are spacing the member did not mean to name a file with.
    .replace(/\s+/gu, ' ')
    .replace(unsafe, '_')
    .trim()
    // The member's own extension goes: the sniffed one replaces it. A dotted number ("v2.1") is not one.
    .replace(/\.(?=[^.]*\p{L})[\p{L}\p{N}]{1,10}$/u, '');
  stem = tidy(stem);
  const room = maxNameLength - suffix.length;
  if (stem.length > room) {
    // Cut between whole characters, so an accent or an emoji is never split in half.
    let cut = '';
    for (const { segment } of new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(stem)) {
      if (cut.length + segment.length > room) break;
      cut += segment;
    }
    stem = tidy(cut);
  }
  return `${stem || 'file'}${suffix}`;
}

/** No leading dots (hidden files, "..") and no trailing dots or spaces (Windows drops them). */
function tidy(stem: string): string {
  return stem.replace(/^[\s.]+/u, '').replace(/[\s.]+$/u, '');
}

/** Content-Disposition header value for an attachment download: `attachment; filename="ascii-fallback"; filename*=UTF-8''percent-encoded` (RFC 6266/5987). */
export function contentDisposition(fileName: string): string {
  const name = fileName.replace(/\p{Cs}/gu, '\uFFFD');
  // Old clients read only `filename`: accents are dropped to their base letter, anything else non-ASCII,
  // and what would break the quoted string or be percent-decoded by some browsers, becomes "_".
  const ascii = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  // encodeURIComponent leaves ' ( ) * alone, which RFC 5987 does not allow unescaped.
  const encoded = encodeURIComponent(name.normalize('NFC')).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
