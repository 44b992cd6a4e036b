// Files a form sends for a publication: refused by their announced size before their bytes are read.
import { config } from '../config';
import { invalid } from '../errors';
import type { UploadedFile } from '../posts';

export async function formFiles(form: FormData, name: string): Promise<UploadedFile[]> {
  const files: UploadedFile[] = [];
  for (const value of form.getAll(name)) {
    if (!(value instanceof File) || value.size === 0) continue;
    if (value.size > config().uploadMaxBytes) throw invalid([{ path: name, message: 'attachments.errors.too_large' }]);
    files.push({ bytes: new Uint8Array(await value.arrayBuffer()), fileName: value.name });
  }
  return files;
}
