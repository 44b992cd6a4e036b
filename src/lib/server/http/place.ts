// The `place` a writing helper is asked about: `c:<slug>` (a new publication) or `p:<id>` (a comment).
import type { WritingPlace } from '../posts';

export function parsePlace(value: string | null | undefined): WritingPlace | null {
  if (!value) return null;
  if (value.startsWith('c:') && value.length > 2) return { slug: value.slice(2) };
  if (value.startsWith('p:') && value.length > 2) return { postId: value.slice(2) };
  return null;
}
