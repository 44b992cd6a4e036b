// Ids are made in application code so both databases agree on them: UUIDv7 sorts by creation time.
import { v7 } from 'uuid';

export function newId(): string {
  return v7();
}

export function now(): number {
  return Date.now();
}
