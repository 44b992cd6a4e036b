// Checks, after the load, that the instance keeps the domain's invariants: each query counts the
// rows that break one rule, and every count must be zero.
import type { BulkWriter } from './writer';

const checks: { rule: string; sql: string }[] = [
  {
    rule: 'comment_count is the number of comments not deleted',
    sql: `SELECT count(*) AS n FROM posts p LEFT JOIN (SELECT post_id, count(*) AS live FROM comments WHERE deleted_at IS NULL GROUP BY post_id) c ON c.post_id = p.id
          WHERE p.comment_count <> COALESCE(c.live, 0)`
  },
  {
    rule: 'activity_at is the latest comment, or the creation',
    sql: `SELECT count(*) AS n FROM posts p LEFT JOIN (SELECT post_id, max(created_at) AS latest FROM comments GROUP BY post_id) c ON c.post_id = p.id
          WHERE p.activity_at <> COALESCE(c.latest, p.created_at)`
  },
  {
    rule: 'post_communities carries the publication’s sort keys, its own community included',
    sql: `SELECT count(*) AS n FROM posts p WHERE NOT EXISTS (SELECT 1 FROM post_communities pc WHERE pc.post_id = p.id AND pc.community_id = p.community_id)
          OR EXISTS (SELECT 1 FROM post_communities pc WHERE pc.post_id = p.id AND (pc.activity_at <> p.activity_at OR pc.created_at <> p.created_at))`
  },
  {
    rule: 'view_count is the number of members who opened it',
    sql: `SELECT count(*) AS n FROM posts p LEFT JOIN (SELECT post_id, count(*) AS readers FROM post_reads GROUP BY post_id) r ON r.post_id = p.id
          WHERE p.view_count <> COALESCE(r.readers, 0)`
  },
  {
    rule: 'comments_seen never exceeds comment_count',
    sql: `SELECT count(*) AS n FROM post_reads r JOIN posts p ON p.id = r.post_id WHERE r.comments_seen > p.comment_count`
  },
  {
    rule: 'a reply answers a top-level comment of the same publication',
    sql: `SELECT count(*) AS n FROM comments c LEFT JOIN comments parent ON parent.id = c.parent_id
          WHERE c.parent_id IS NOT NULL AND (parent.id IS NULL OR parent.post_id <> c.post_id OR parent.parent_id IS NOT NULL)`
  },
  {
    rule: 'an answer is a live comment of the same question',
    sql: `SELECT count(*) AS n FROM posts p LEFT JOIN comments c ON c.id = p.answer_id
          WHERE p.answer_id IS NOT NULL AND (c.id IS NULL OR c.post_id <> p.id OR c.deleted_at IS NOT NULL OR p.kind <> 'question')`
  },
  {
    rule: 'every live community has an active animator',
    sql: `SELECT count(*) AS n FROM communities c WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.community_id = c.id AND m.role = 'animator' AND m.status = 'active')`
  },
  {
    rule: 'roles and statuses are the known ones; joined_at set for whoever was a member',
    sql: `SELECT count(*) AS n FROM memberships WHERE role NOT IN ('member', 'animator', 'steward')
          OR status NOT IN ('pending', 'active', 'removed', 'banned', 'left', 'declined')
          OR (status IN ('active', 'left', 'removed', 'banned') AND joined_at IS NULL)`
  },
  {
    rule: 'authors of publications were active members of its community',
    sql: `SELECT count(*) AS n FROM posts p WHERE p.author_id IS NOT NULL AND NOT EXISTS
          (SELECT 1 FROM memberships m WHERE m.community_id = p.community_id AND m.user_id = p.author_id AND m.status = 'active')`
  },
  {
    rule: 'calls to all are written by animators',
    sql: `SELECT count(*) AS n FROM posts p WHERE p.kind = 'call' AND NOT EXISTS
          (SELECT 1 FROM memberships m WHERE m.community_id = p.community_id AND m.user_id = p.author_id AND m.role = 'animator')`
  },
  {
    rule: 'every member has a profile with a handle',
    sql: `SELECT count(*) AS n FROM users u LEFT JOIN profiles pr ON pr.user_id = u.id WHERE pr.handle IS NULL`
  },
  {
    rule: 'references point to existing rows (comments, reads, reactions, follows, memberships)',
    sql: `SELECT (SELECT count(*) FROM comments c WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = c.post_id))
               + (SELECT count(*) FROM comments c WHERE c.author_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = c.author_id))
               + (SELECT count(*) FROM post_reads r WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = r.user_id))
               + (SELECT count(*) FROM reactions r WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = r.user_id))
               + (SELECT count(*) FROM post_follows f WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = f.user_id))
               + (SELECT count(*) FROM memberships m WHERE NOT EXISTS (SELECT 1 FROM communities c WHERE c.id = m.community_id)) AS n`
  }
];

export type Violation = { rule: string; rows: number };

export async function verifyInvariants(writer: BulkWriter): Promise<Violation[]> {
  const violations: Violation[] = [];
  for (const check of checks) {
    const started = performance.now();
    const [row] = await writer.all<{ n: number | string }>(check.sql);
    if (process.env.BENCH_DEBUG) console.log(`    ${((performance.now() - started) / 1000).toFixed(2)} s  ${check.rule}`);
    const rows = Number(row?.n ?? 0);
    if (rows > 0) violations.push({ rule: check.rule, rows });
  }
  return violations;
}
