// Keyset (cursor) pagination for every list of the API: `?cursor=&limit=` → { items, nextCursor }.
// The cursor is the sort key of the last item, base64url-encoded JSON: opaque to clients, and a
// keyset stays stable while rows are added, unlike an offset.
import { z } from 'zod';
import { sql, type SelectQueryBuilder } from 'kysely';
import { invalid } from '../errors';

export const pageLimits = { default: 20, max: 100 } as const;

export const pageQuery = z.object({
  cursor: z.string().max(500).optional().describe('Opaque cursor from the previous page’s nextCursor'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(pageLimits.max)
    .default(pageLimits.default)
    .describe('Number of items per page')
});
export type PageQuery = z.output<typeof pageQuery>;

export type Page<T> = { items: T[]; nextCursor: string | null };

/** The response schema of a paginated list of `item`. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

type KeyValue = string | number;

export function encodeCursor(values: KeyValue[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** Decodes a cursor made by encodeCursor with `size` key values; anything else is invalid input. */
export function decodeCursor(cursor: string, size: number): KeyValue[] {
  const refuse = () => invalid([{ path: 'cursor', message: 'api.validation.cursor' }]);
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw refuse();
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  const isKey = (v: unknown) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
  if (!Array.isArray(values) || values.length !== size || !values.every(isKey)) throw refuse();
  return values as KeyValue[];
}

export type Keyset = {
  /** Columns that together are unique, most significant first, e.g. ['created_at', 'id']. */
  columns: readonly string[];
  direction: 'asc' | 'desc';
};

function columnName(column: string): string {
  return column.slice(column.lastIndexOf('.') + 1);
}

/**
 * Runs `query` for one page: rows after the cursor in keyset order, limit + 1 to learn whether a
 * next page exists. The keyset columns must be selected under their own names.
 */
export async function paginate<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  keyset: Keyset,
  page: PageQuery
): Promise<Page<O>> {
  const { columns, direction } = keyset;
  let q = query;
  if (page.cursor) {
    const after = decodeCursor(page.cursor, columns.length);
    const op = direction === 'desc' ? sql.raw('<') : sql.raw('>');
    // Row-value comparison spelled out, so both dialects use it: (a op x) or (a = x and b op y)…
    const clauses = columns.map((_, i) => {
      const equal = columns.slice(0, i).map((c, j) => sql`${sql.ref(c)} = ${after[j]}`);
      return sql.join([...equal, sql`${sql.ref(columns[i] as string)} ${op} ${after[i]}`], sql` and `);
    });
    q = q.where(sql<boolean>`(${sql.join(clauses.map((c) => sql`(${c})`), sql` or `)})`);
  }
  for (const column of columns) q = q.orderBy(sql.ref(column), direction);
  const rows = await q.limit(page.limit + 1).execute();
  const items = rows.slice(0, page.limit) as O[];
  const last = items[items.length - 1] as Record<string, KeyValue> | undefined;
  const nextCursor =
    rows.length > page.limit && last ? encodeCursor(columns.map((c) => last[columnName(c)] as KeyValue)) : null;
  return { items, nextCursor };
}
