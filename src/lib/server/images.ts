// Pictures members give us (a community's logo, an avatar). Whatever the file claims to be, its type
// is read from its bytes; only common photo formats are taken, and every picture is decoded and
// re-encoded at a fixed size, which drops metadata (location, camera) and anything hidden in the
// file. A pixel limit stops images made to exhaust memory before they are decoded.
import sharp from 'sharp';
import { fileTypeFromBuffer } from 'file-type';
import { invalid } from './errors';
import { newKey, type Storage } from './storage';

export const imageLimits = {
  /** Bytes accepted for one picture: phone photos fit, anything larger is refused before decoding. */
  maxBytes: 8 * 1024 * 1024,
  /** Decoded pixels (width × height); 40 megapixels covers the cameras of today. */
  maxPixels: 40_000_000
} as const;

const accepted = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/avif']);

export type PictureShape = 'avatar' | 'logo';

const sizes: Record<PictureShape, { width: number; height: number; fit: 'cover' | 'inside' }> = {
  // A square face, cut to fill.
  avatar: { width: 256, height: 256, fit: 'cover' },
  // A logo keeps its proportions.
  logo: { width: 512, height: 512, fit: 'inside' }
};

/** The picture as Ruche stores it (WebP), or an `invalid` error on `field` with a translated reason. */
export async function preparePicture(bytes: Uint8Array, shape: PictureShape, field: string): Promise<Buffer> {
  const refuse = (message: string) => invalid([{ path: field, message }]);
  if (bytes.byteLength === 0) throw refuse('images.errors.empty');
  if (bytes.byteLength > imageLimits.maxBytes) throw refuse('images.errors.too_large');
  const type = await fileTypeFromBuffer(bytes);
  if (!type || !accepted.has(type.mime)) throw refuse('images.errors.unsupported');
  const { width, height, fit } = sizes[shape];
  try {
    return await sharp(bytes, { limitInputPixels: imageLimits.maxPixels, failOn: 'error', animated: false })
      .rotate()
      .resize({ width, height, fit, withoutEnlargement: fit === 'inside' })
      .webp({ quality: 82 })
      .toBuffer();
  } catch {
    // Truncated, corrupt, or over the pixel limit: all one answer to the member.
    throw refuse('images.errors.unreadable');
  }
}

/**
 * Replaces a stored picture: the new file is written first, then `record` points the database at it
 * and answers the key it replaced (read under a lock, so two uploads at once orphan nothing), then
 * that old file goes. A failure at any step leaves the previous picture in place, never a row
 * pointing at nothing. `bytes` null removes the picture.
 */
export async function replacePicture(
  files: Storage,
  options: { kind: 'logos' | 'avatars'; shape: PictureShape; field: string; bytes: Uint8Array | null },
  record: (key: string | null) => Promise<string | null>
): Promise<string | null> {
  const key = options.bytes ? newKey(options.kind, 'webp') : null;
  if (key && options.bytes) await files.put(key, await preparePicture(options.bytes, options.shape, options.field));
  let previous: string | null;
  try {
    previous = await record(key);
  } catch (error) {
    if (key) await files.delete(key);
    throw error;
  }
  if (previous && previous !== key) await files.delete(previous);
  return key;
}
