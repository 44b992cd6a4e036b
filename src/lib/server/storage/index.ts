// Where uploaded bytes live. One small interface, so that object storage can be added later without
// touching the callers; today files sit under $DATA_DIR/uploads. Keys are made by Ruche, never by the
// uploader (`kind/uuid.ext`), so a key can never point outside the folder.
import fs from 'node:fs/promises';
import path from 'node:path';
import { config } from '../config';
import { newId } from '../ids';
import { writeFileAtomically } from '../files';

export interface Storage {
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** null when nothing is stored under the key. */
  get(key: string): Promise<Buffer | null>;
  /** Removing a missing key is not an error: deleting twice is safe. */
  delete(key: string): Promise<void>;
}

const keyPattern = /^[a-z]+\/[0-9a-f-]{36}\.[a-z0-9]+$/;

/** A fresh key for a new file of this kind (e.g. `logos`) and extension. */
export function newKey(kind: string, extension: string): string {
  return `${kind}/${newId()}.${extension}`;
}

function checked(key: string): string {
  if (!keyPattern.test(key)) throw new Error(`not a storage key: ${key}`);
  return key;
}

/** Files in a folder, each written whole or not at all. */
export function folderStorage(root: string): Storage {
  const file = (key: string) => path.join(root, checked(key));
  return {
    put: async (key, bytes) => writeFileAtomically(file(key), bytes),
    async get(key) {
      try {
        return await fs.readFile(file(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async delete(key) {
      await fs.rm(file(key), { force: true });
    }
  };
}

let current: { root: string; storage: Storage } | null = null;

/** The instance's storage, following DATA_DIR (tests point the process at other instances). */
export function storage(): Storage {
  const root = path.join(config().dataDir, 'uploads');
  if (current?.root !== root) current = { root, storage: folderStorage(root) };
  return current.storage;
}
