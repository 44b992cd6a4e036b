// Pictures are judged by their bytes and always re-encoded: what comes out is a small WebP without
// the uploader's metadata, whatever went in.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import { preparePicture, replacePicture } from './images';
import { folderStorage, newKey } from './storage';

const photo = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#2b6cb0' } });

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return `${error.code}:${error.issues.map((issue) => `${issue.path}=${issue.message}`).join(',')}`;
    throw error;
  }
  return 'accepted';
}

describe('preparePicture', () => {
  it('re-encodes an avatar as a 256 px WebP square and a logo within 512 px, keeping its shape', async () => {
    const avatar = await sharp(await preparePicture(await photo(1200, 800).jpeg().toBuffer(), 'avatar', 'avatar')).metadata();
    expect([avatar.format, avatar.width, avatar.height]).toEqual(['webp', 256, 256]);
    const logo = await sharp(await preparePicture(await photo(1000, 250).png().toBuffer(), 'logo', 'logo')).metadata();
    expect([logo.format, logo.width, logo.height]).toEqual(['webp', 512, 128]);
    // A small logo is not blown up.
    const small = await sharp(await preparePicture(await photo(120, 60).webp().toBuffer(), 'logo', 'logo')).metadata();
    expect([small.width, small.height]).toEqual([120, 60]);
  });

  it('drops the metadata a phone writes (location, camera)', async () => {
    const withExif = await photo(300, 300)
      .jpeg()
      .withExif({ IFD0: { Make: 'TelephoneSecret', Model: 'X' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 24/1 0/1' } })
      .toBuffer();
    expect((await sharp(withExif).metadata()).exif).toBeDefined();
    const out = await preparePicture(withExif, 'avatar', 'avatar');
    expect((await sharp(out).metadata()).exif).toBeUndefined();
    expect(out.includes(Buffer.from('TelephoneSecret'))).toBe(false);
  });

  it('judges the type by the bytes, not the name, and refuses what is not a picture', async () => {
    expect(await refusal(preparePicture(Buffer.from('<svg onload="alert(1)"></svg>'), 'logo', 'logo'))).toBe('invalid:logo=images.errors.unsupported');
    expect(await refusal(preparePicture(Buffer.from('%PDF-1.7\n'), 'avatar', 'avatar'))).toBe('invalid:avatar=images.errors.unsupported');
    expect(await refusal(preparePicture(new Uint8Array(), 'avatar', 'avatar'))).toBe('invalid:avatar=images.errors.empty');
  });

  it('refuses truncated images, images over the pixel limit and files over the size limit', async () => {
    const jpeg = await photo(400, 400).jpeg().toBuffer();
    expect(await refusal(preparePicture(jpeg.subarray(0, 200), 'avatar', 'avatar'))).toBe('invalid:avatar=images.errors.unreadable');
    // 8000 × 6000 = 48 megapixels, compressed to a few kilobytes: refused before it is decoded.
    const bomb = await photo(8000, 6000).png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.byteLength).toBeLessThan(1024 * 1024);
    expect(await refusal(preparePicture(bomb, 'avatar', 'avatar'))).toBe('invalid:avatar=images.errors.unreadable');
    expect(await refusal(preparePicture(new Uint8Array(9 * 1024 * 1024), 'avatar', 'avatar'))).toBe('invalid:avatar=images.errors.too_large');
  });
});

describe('replacePicture', () => {
  const folder = () => folderStorage(fs.mkdtempSync(path.join(os.tmpdir(), 'ruche-pictures-')));

  it('writes the new file, then removes the one it replaced', async () => {
    const files = folder();
    const old = newKey('avatars', 'webp');
    await files.put(old, Buffer.from('old'));
    const key = await replacePicture(files, { kind: 'avatars', shape: 'avatar', field: 'avatar', bytes: await photo(50, 50).png().toBuffer() }, async () => old);
    expect(key).toMatch(/^avatars\/[0-9a-f-]{36}\.webp$/);
    expect(await files.get(old)).toBeNull();
    expect((await sharp((await files.get(key!))!).metadata()).format).toBe('webp');
  });

  it('keeps the previous picture and leaves no file behind when the database refuses the change', async () => {
    const files = folder();
    const old = newKey('logos', 'webp');
    await files.put(old, Buffer.from('old'));
    let written: string | null = null;
    await expect(
      replacePicture(files, { kind: 'logos', shape: 'logo', field: 'logo', bytes: await photo(50, 50).png().toBuffer() }, async (key) => {
        written = key;
        throw new Error('database down');
      })
    ).rejects.toThrow('database down');
    expect(written).not.toBeNull();
    expect(await files.get(written!)).toBeNull();
    expect((await files.get(old))?.toString()).toBe('old');
  });

  it('never reads or writes outside its folder', async () => {
    const files = folder();
    await expect(files.get('../../etc/passwd')).rejects.toThrow('not a storage key');
    await expect(files.put('avatars/../../x.webp', Buffer.from('x'))).rejects.toThrow('not a storage key');
  });
});
