// The ordered list of migrations. Static imports keep them inside the production bundle.
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001
};
