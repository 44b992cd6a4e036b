// Attachments are judged by their bytes against an allow-list, whatever their name says: pictures come
// out as WebP without metadata, documents as sent, and names and headers cannot smuggle anything.
import zlib from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { attachmentTypes, contentDisposition, prepareAttachment, safeFileName } from './prepare';

const maxBytes = 1024 * 1024;

const photo = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#2b6cb0' } });

const prepare = (bytes: Uint8Array, fileName: string, limit = maxBytes) =>
  prepareAttachment({ bytes, fileName, maxBytes: limit, field: 'attachments' });

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return `${error.code}:${error.issues.map((issue) => `${issue.path}=${issue.message}`).join(',')}`;
    throw error;
  }
  return 'accepted';
}

// The smallest PDF a reader opens: a catalogue, an empty page tree, a trailer.
const pdf = Buffer.from(
  [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj',
    'trailer << /Root 1 0 R >>',
    '%%EOF',
    ''
  ].join('\n')
);

/** A zip archive of uncompressed entries, enough for file-type to read the names and contents. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const fileName = Buffer.from(name);
    const data = Buffer.from(text);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** One second of silent 8 kHz mono WAV. */
function wav(): Buffer {
  const samples = 8000;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + samples, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(8000, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36);
  header.writeUInt32LE(samples, 40);
  return Buffer.concat([header, Buffer.alloc(samples, 0x80)]);
}

// The signature of a Compound File Binary (legacy Office, but also installers), then padding.
const cfb = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);

describe('prepareAttachment: pictures', () => {
  it('re-encodes a picture as WebP within 1600 px, keeping its shape, and renames it .webp', async () => {
    const out = await prepare(await photo(3200, 1000).png().toBuffer(), 'Plan du jardin.png');
    expect(out).toMatchObject({ kind: 'image', mime: 'image/webp', extension: 'webp', width: 1600, height: 500, fileName: 'Plan du jardin.webp' });
    expect(out.size).toBe(out.bytes.byteLength);
    const stored = await sharp(out.bytes).metadata();
    expect([stored.format, stored.width, stored.height]).toEqual(['webp', 1600, 500]);
    // A small picture is not blown up.
    const small = await prepare(await photo(300, 200).gif().toBuffer(), 'small.gif');
    expect([small.width, small.height]).toEqual([300, 200]);
  });

  it('drops the metadata a phone writes (location, camera)', async () => {
    const withExif = await photo(800, 600)
      .jpeg()
      .withExif({ IFD0: { Make: 'TelephoneSecret', Model: 'X' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 24/1 0/1' } })
      .toBuffer();
    expect((await sharp(withExif).metadata()).exif).toBeDefined();
    const out = await prepare(withExif, 'IMG_0001.JPG');
    expect((await sharp(out.bytes).metadata()).exif).toBeUndefined();
    expect(out.bytes.includes(Buffer.from('TelephoneSecret'))).toBe(false);
  });

  it('reads the type from the bytes: a PNG named report.pdf is a picture', async () => {
    const out = await prepare(await photo(40, 30).png().toBuffer(), 'report.pdf');
    expect([out.kind, out.mime, out.extension, out.fileName]).toEqual(['image', 'image/webp', 'webp', 'report.webp']);
  });

  it('refuses truncated pictures and pictures over the pixel limit', async () => {
    const png = await photo(400, 400).png().toBuffer();
    expect(await refusal(prepare(png.subarray(0, 100), 'cut.png'))).toBe('invalid:attachments=attachments.errors.unreadable');
    // 8000 × 6000 = 48 megapixels, compressed to a few kilobytes: refused before it is decoded.
    const bomb = await photo(8000, 6000).png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.byteLength).toBeLessThan(maxBytes);
    expect(await refusal(prepare(bomb, 'bomb.png'))).toBe('invalid:attachments=attachments.errors.unreadable');
  });
});

describe('prepareAttachment: documents', () => {
  it('keeps a PDF byte for byte', async () => {
    const out = await prepare(new Uint8Array(pdf), 'Compte rendu.PDF');
    expect(out).toMatchObject({ kind: 'file', mime: 'application/pdf', extension: 'pdf', width: null, height: null, size: pdf.byteLength, fileName: 'Compte rendu.pdf' });
    expect(out.bytes.equals(pdf)).toBe(true);
  });

  it('takes OpenDocument and sound files, but not a plain zip archive', async () => {
    const odt = zip({ mimetype: 'application/vnd.oasis.opendocument.text', 'content.xml': '<office:document-content/>' });
    expect(await prepare(odt, 'notes.odt')).toMatchObject({ mime: 'application/vnd.oasis.opendocument.text', extension: 'odt' });
    expect(await prepare(wav(), 'message.wav')).toMatchObject({ kind: 'file', mime: 'audio/wav', extension: 'wav' });
    expect(await refusal(prepare(zip({ 'readme.txt': 'hello' }), 'archive.zip'))).toBe('invalid:attachments=attachments.errors.unsupported');
  });

  it('takes a legacy Office file only under an Office name', async () => {
    expect(await prepare(cfb, 'budget.xls')).toMatchObject({ mime: 'application/vnd.ms-excel', extension: 'xls', fileName: 'budget.xls' });
    expect(await prepare(cfb, 'lettre.DOC')).toMatchObject({ mime: 'application/msword', extension: 'doc' });
    expect(await refusal(prepare(cfb, 'setup.msi'))).toBe('invalid:attachments=attachments.errors.unsupported');
  });

  it('refuses what could run in a browser or on a computer, whatever its name', async () => {
    const html = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');
    expect(await refusal(prepare(html, 'photo.png'))).toBe('invalid:attachments=attachments.errors.unsupported');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>');
    expect(await refusal(prepare(svg, 'logo.svg'))).toBe('invalid:attachments=attachments.errors.unsupported');
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]);
    expect(await refusal(prepare(exe, 'invoice.pdf'))).toBe('invalid:attachments=attachments.errors.unsupported');
  });

  it('refuses empty files and files over the limit', async () => {
    expect(await refusal(prepare(new Uint8Array(), 'empty.pdf'))).toBe('invalid:attachments=attachments.errors.empty');
    expect(await refusal(prepare(pdf, 'big.pdf', pdf.byteLength - 1))).toBe('invalid:attachments=attachments.errors.too_large');
    expect(await prepare(pdf, 'exact.pdf', pdf.byteLength)).toMatchObject({ mime: 'application/pdf' });
  });
});

describe('prepareAttachment: plain text', () => {
  it('takes UTF-8 text under a text name', async () => {
    const csv = Buffer.from('nom;ville\nHélène;Québec\n');
    expect(await prepare(csv, 'membres.csv')).toMatchObject({ kind: 'file', mime: 'text/csv', extension: 'csv', fileName: 'membres.csv' });
    expect(await prepare(Buffer.from('# Ordre du jour\n'), 'ordre.md')).toMatchObject({ mime: 'text/markdown', extension: 'md' });
    expect(await prepare(Buffer.from('bonjour'), 'mot.TXT')).toMatchObject({ mime: 'text/plain', extension: 'txt' });
  });

  it('refuses text that is not UTF-8, text with NUL bytes, and text under another name', async () => {
    // "Hélène" in Latin-1: é and è are lone bytes, invalid in UTF-8.
    const latin1 = Buffer.from('nom\nH\xe9l\xe8ne\n', 'latin1');
    expect(await refusal(prepare(latin1, 'membres.csv'))).toBe('invalid:attachments=attachments.errors.unsupported');
    expect(await refusal(prepare(Buffer.from('abc\0def'), 'notes.txt'))).toBe('invalid:attachments=attachments.errors.unsupported');
    expect(await refusal(prepare(Buffer.from('echo hello'), 'run.sh'))).toBe('invalid:attachments=attachments.errors.unsupported');
  });
});

describe('attachmentTypes', () => {
  it('lists each allowed type once, and no archive, page or program', () => {
    const mimes = attachmentTypes.map((type) => `${type.mime} ${type.extension}`);
    expect(new Set(mimes).size).toBe(mimes.length);
    expect(attachmentTypes.map((type) => type.extension)).toEqual(expect.arrayContaining(['pdf', 'docx', 'odt', 'epub', 'mp3', 'mp4', 'csv']));
    for (const { mime } of attachmentTypes) expect(mime).not.toMatch(/^application\/(x-)?zip$|html|svg|javascript|x-msdownload|x-cfb/);
  });
});

describe('safeFileName', () => {
  it('keeps only a harmless name with the sniffed extension', () => {
    const name = safeFileName('../../etc/pass"wd\n.exe', 'pdf');
    expect(name).not.toMatch(/[/\\"\n]/);
    expect(name.endsWith('.pdf')).toBe(true);
    expect(name).toBe('pass_wd.pdf');
    expect(safeFileName('C:\\Users\\marie\\Résumé été.docx', 'docx')).toBe('Résumé été.docx');
    expect(safeFileName('.htaccess', 'txt')).toBe('file.txt');
    expect(safeFileName('...hidden.png', 'webp')).toBe('hidden.webp');
    // A right-to-left override would show "invoice\u202Efdp.exe" as "invoiceexe.pdf".
    expect(safeFileName('invoice\u202Efdp.exe', 'pdf')).toBe('invoice_fdp.pdf');
    // A dotted version number is part of the name, not an extension.
    expect(safeFileName('Rapport v2.1', 'pdf')).toBe('Rapport v2.1.pdf');
  });

  it('is at most 120 characters and never cuts a letter in half', () => {
    const name = safeFileName(`${'é'.repeat(200)}.pdf`, 'pdf');
    expect(name.length).toBeLessThanOrEqual(120);
    expect(name).toBe(`${'é'.repeat(116)}.pdf`);
    const emoji = safeFileName(`${'🐝'.repeat(100)}.txt`, 'txt');
    expect(emoji.length).toBeLessThanOrEqual(120);
    expect(emoji).toBe(`${'🐝'.repeat(58)}.txt`);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII name for old clients and the exact name for the others', () => {
    const header = contentDisposition('Résumé été.pdf');
    expect(header).toBe(`attachment; filename="Resume ete.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%C3%A9t%C3%A9.pdf`);
    expect(header).toContain(`filename*=UTF-8''R%C3%A9sum%C3%A9%20%C3%A9t%C3%A9.pdf`);
  });

  it('cannot break out of the header', () => {
    const header = contentDisposition('a"b\\c\r\nSet-Cookie: x=1; (1)*\'.txt');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toMatch(/^attachment; filename="[^"\\]*"; filename\*=UTF-8''[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
  });
});
