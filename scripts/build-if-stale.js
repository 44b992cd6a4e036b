// Builds the production bundle when it is missing or older than its sources (npm start, the
// end-to-end journeys). A stamp file records when the last successful build finished.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'build', '.stamp');
const inputs = ['src', 'messages', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json', 'package-lock.json'];

/** @param {string} target @returns {number} */
function newestMtime(target) {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

export function buildIsStale() {
  const built = fs.statSync(stamp, { throwIfNoEntry: false });
  if (!built || !fs.existsSync(path.join(root, 'build', 'index.js'))) return true;
  return inputs.some((input) => newestMtime(path.join(root, input)) > built.mtimeMs);
}

/** Builds if needed; exits the process with vite's status when the build fails. */
export function buildIfStale() {
  if (!buildIsStale()) return;
  console.log('Building the production bundle…');
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  fs.writeFileSync(stamp, new Date().toISOString());
}
