// Writing files that must exist whole or not at all (stored uploads, .eml files in the outbox).
import fs from 'node:fs/promises';
import path from 'node:path';

/** Writes aside, flushes to disk, then renames over `target`: a crash never leaves half a file. */
export async function writeFileAtomically(target: string, bytes: Uint8Array | string): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
  const handle = await fs.open(temporary, 'w', 0o640);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temporary, target);
}
