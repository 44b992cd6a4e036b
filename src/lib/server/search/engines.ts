// The two full-text engines behind one interface: SQLite's FTS5 and PostgreSQL's tsvector with GIN
// indexes. Both receive terms the application made (analyse.ts), never text to parse, so a query
// means the same on both: FTS5 gets quoted tokens, PostgreSQL tsvector and tsquery literals cast
// directly (no text search configuration runs on them). This is the one place, with the migration,
// where search differs between the dialects.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../jobs/queue';
import { dialectOf } from '../db/dialect';
import type { Database, SearchKind } from '../db/schema';
import { stems, words, type Language } from './analyse';
import type { Clause, ParsedQuery } from './query';

export type SearchDocument = {
  key: string;
  kind: SearchKind;
  objectId: string;
  parentId: string | null;
  level: 'instance' | 'communities' | null;
  language: Language;
  boost: number;
  at: number;
  title: string;
  body: string;
};

/** Enough of any one text to find it; the rest of a very long text is not indexed. */
const maxIndexedLength = 200_000;

type Terms = { title: string[]; body: string[]; words: string[] };

function termsOf(doc: SearchDocument): Terms {
  const title = doc.title.slice(0, maxIndexedLength);
  const body = doc.body.slice(0, maxIndexedLength);
  return { title: stems(title, doc.language), body: stems(body, doc.language), words: [...words(title), ...words(body)] };
}

function columnsOf(doc: SearchDocument) {
  return { key: doc.key, kind: doc.kind, object_id: doc.objectId, parent_id: doc.parentId, level: doc.level, language: doc.language, boost: doc.boost, at: doc.at };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: tsvector literals with positions ('format':1A,7A 'anim':2A …) and tsquery literals.

/** PostgreSQL keeps positions up to 16383. */
const maxPosition = 16383;

function tsvectorLiteral(parts: { terms: string[]; weight: 'A' | 'B' | 'D' }[]): string {
  const positions = new Map<string, string[]>();
  let position = 0;
  for (const part of parts) {
    for (const term of part.terms) {
      position = Math.min(position + 1, maxPosition);
      const list = positions.get(term) ?? [];
      if (list.length < 256) list.push(`${position}${part.weight}`);
      positions.set(term, list);
    }
    // A gap, so that a phrase never runs from the title into the body.
    position = Math.min(position + 1, maxPosition);
  }
  return [...positions].map(([term, at]) => `'${term}':${at.join(',')}`).join(' ');
}

const lexeme = (term: string) => `'${term}'`;
const anyOf = (terms: string[]) => (terms.length === 1 ? lexeme(terms[0]!) : `(${terms.map(lexeme).join(' | ')})`);

// ---------------------------------------------------------------------------------------------
// FTS5: a MATCH expression of quoted tokens with column filters.

const quoted = (term: string) => `"${term}"`;
const ftsAny = (terms: string[]) => `{title body} : (${terms.map(quoted).join(' OR ')})`;

function ftsClause(clause: Clause): string {
  switch (clause.kind) {
    case 'stems':
      return ftsAny(clause.stems);
    case 'phrase':
      return `words : ${quoted(clause.words.join(' '))}`;
    case 'typing':
      return clause.stems.length ? `(${ftsAny(clause.stems)} OR words : ${quoted(clause.prefix)} *)` : `words : ${quoted(clause.prefix)} *`;
  }
}

export function ftsExpression(query: ParsedQuery): string {
  const positive = query.clauses.map(ftsClause).join(' AND ');
  if (query.excluded.length === 0) return positive;
  return `(${positive}) NOT (${query.excluded.map(ftsAny).join(' OR ')})`;
}

/** The pieces of a PostgreSQL match: one tsquery per column, and the clause that spans both. */
export function tsQueries(query: ParsedQuery) {
  const stemsAll: string[] = [];
  const stemsRank: string[] = [];
  const wordsAll: string[] = [];
  const typing: { stems: string | null; prefix: string }[] = [];
  for (const clause of query.clauses) {
    if (clause.kind === 'stems') {
      stemsAll.push(anyOf(clause.stems));
      stemsRank.push(...clause.stems.map(lexeme));
    } else if (clause.kind === 'phrase') {
      wordsAll.push(clause.words.length === 1 ? lexeme(clause.words[0]!) : `(${clause.words.map(lexeme).join(' <-> ')})`);
    } else {
      typing.push({ stems: clause.stems.length ? anyOf(clause.stems) : null, prefix: `${lexeme(clause.prefix)}:*` });
      stemsRank.push(...clause.stems.map(lexeme));
    }
  }
  for (const excluded of query.excluded) stemsAll.push(`!${anyOf(excluded)}`);
  const wordsRank = [...wordsAll, ...typing.map((t) => t.prefix)];
  return {
    stems: stemsAll.length ? stemsAll.join(' & ') : null,
    words: wordsAll.length ? wordsAll.join(' & ') : null,
    typing,
    stemsRank: stemsRank.length ? stemsRank.join(' | ') : null,
    wordsRank: wordsRank.length ? wordsRank.join(' | ') : null
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * A document's `seq` follows its date: the millisecond times 1,024, plus a place among the documents
 * of the same millisecond. The engines walk a term's matches in `seq` order and can stop early, so
 * "the newest matches" (search.ts's ranking windows, sorting by newest) cost only the matches read.
 */
const perMillisecond = 1024;
const slotOf = (at: number) => Math.max(0, Math.floor(at)) * perMillisecond;
const inSlot = (seq: number, at: number) => seq >= slotOf(at) && seq < slotOf(at) + perMillisecond;

/** Key of PostgreSQL's transaction lock on a millisecond's seqs (the pair's first half, the second is the millisecond). */
const seqLock = 0x5eac;

/**
 * The first free seq for a document of this date (past the slot only when 1,024 share a millisecond).
 * On PostgreSQL two transactions writing documents of the same millisecond (two sign-ups at once)
 * would both read the same last seq; a transaction lock on the millisecond makes the second wait
 * for the first's commit and read past it. SQLite has one writer at a time already.
 */
async function freeSeq(tx: Executor, at: number): Promise<number> {
  if (dialectOf(tx) === 'postgres') await sql`SELECT pg_advisory_xact_lock(${seqLock}, ${Math.floor(at) % 2147483647})`.execute(tx);
  for (let base = slotOf(at); ; base += perMillisecond) {
    const { last } = await tx
      .selectFrom('search_documents')
      .select((eb) => eb.fn.max('seq').as('last'))
      .where('seq', '>=', base)
      .where('seq', '<', base + perMillisecond)
      .executeTakeFirstOrThrow();
    const next = last === null ? base : Number(last) + 1;
    if (next < base + perMillisecond) return next;
  }
}

/**
 * Adds or replaces a document, in the caller's transaction. A document keeps its seq while its date
 * stays in the same millisecond; otherwise (an event moved, a document from before seqs followed
 * dates) it is written again under a new one.
 */
export async function writeDocument(tx: Executor, doc: SearchDocument): Promise<void> {
  const terms = termsOf(doc);
  const existing = await tx.selectFrom('search_documents').select('seq').where('key', '=', doc.key).executeTakeFirst();
  const kept = existing && inSlot(Number(existing.seq), doc.at) ? Number(existing.seq) : null;
  if (existing && kept === null) await removeDocuments(tx, (eb) => eb('seq', '=', existing.seq));
  const seq = kept ?? (await freeSeq(tx, doc.at));
  const columns = columnsOf(doc);
  if (dialectOf(tx) === 'postgres') {
    const stemsVector = tsvectorLiteral([
      { terms: terms.title, weight: 'A' },
      { terms: terms.body, weight: 'B' }
    ]);
    const wordsVector = tsvectorLiteral([{ terms: terms.words, weight: 'D' }]);
    const vectors = { stems: sql`${stemsVector}::tsvector`, words: sql`${wordsVector}::tsvector` };
    if (kept !== null) await tx.updateTable('search_documents').set({ ...columns, ...vectors } as never).where('seq', '=', seq).execute();
    else await tx.insertInto('search_documents').values({ seq, ...columns, ...vectors } as never).execute();
    return;
  }
  if (kept !== null) {
    await sql`DELETE FROM search_index WHERE rowid = ${seq}`.execute(tx);
    await tx.updateTable('search_documents').set(columns).where('seq', '=', seq).execute();
  } else {
    await tx.insertInto('search_documents').values({ seq, ...columns }).execute();
  }
  await sql`INSERT INTO search_index (rowid, title, body, words) VALUES (${seq}, ${terms.title.join(' ')}, ${terms.body.join(' ')}, ${terms.words.join(' ')})`.execute(tx);
}

/** Removes the documents chosen by `where` (by key, by object, by parent), in the caller's transaction. */
export async function removeDocuments(tx: Executor, where: (eb: ExpressionBuilder<Database, 'search_documents'>) => Expression<SqlBool>): Promise<void> {
  if (dialectOf(tx) === 'sqlite') {
    const rows = await tx.selectFrom('search_documents').select('seq').where(where).execute();
    for (let i = 0; i < rows.length; i += 500) {
      const seqs = rows.slice(i, i + 500).map((r) => r.seq);
      await sql`DELETE FROM search_index WHERE rowid IN (${sql.join(seqs)})`.execute(tx);
    }
  }
  await tx.deleteFrom('search_documents').where(where).execute();
}
