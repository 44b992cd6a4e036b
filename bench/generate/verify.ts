// Checks, after the load, that the instance keeps the domain's invariants: each query counts the
// rows that break one rule, and every count must be zero.
import { hasTable, type BulkWriter } from './writer';

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

/** The library (migration 0012) and events (0009), as createResource, applyResource, createEvent and rsvp keep them. */
const libraryAndEventChecks: { rule: string; sql: string }[] = [
  {
    rule: 'applied_count is the number of applications',
    sql: `SELECT count(*) AS n FROM resources r LEFT JOIN (SELECT resource_id, count(*) AS k FROM resource_applications GROUP BY resource_id) a ON a.resource_id = r.id
          WHERE r.applied_count <> COALESCE(a.k, 0)`
  },
  {
    rule: 'a resource has a revision row for every number up to its revision, and none beyond',
    sql: `SELECT count(*) AS n FROM resources r LEFT JOIN (SELECT resource_id, count(*) AS k, min(number) AS lo, max(number) AS hi FROM resource_revisions GROUP BY resource_id) v ON v.resource_id = r.id
          WHERE v.k IS NULL OR v.lo <> 1 OR v.hi <> r.revision OR v.k <> r.revision`
  },
  {
    rule: 'the latest revision’s snapshot is the resource as it stands (title, body, visibility)',
    sql: `SELECT count(*) AS n FROM resources r JOIN resource_revisions v ON v.resource_id = r.id AND v.number = r.revision
          WHERE v.snapshot NOT LIKE '%"visibility":"' || r.visibility || '"%' OR v.snapshot NOT LIKE '{"title":' || '%'
             OR v.created_at > r.updated_at`
  },
  {
    rule: 'kinds and visibilities are the known ones; a link has its address, a file its stored key, a reference its entry; communities visibility has a community',
    sql: `SELECT count(*) AS n FROM resources r WHERE r.kind NOT IN ('note', 'file', 'link', 'reference', 'work')
          OR r.visibility NOT IN ('public', 'instance', 'communities', 'authors')
          OR (r.kind = 'link' AND r.link_url IS NULL) OR (r.kind <> 'link' AND r.link_url IS NOT NULL)
          OR (r.kind = 'file' AND (r.storage_key IS NULL OR r.storage_key NOT LIKE 'library/%' OR r.size IS NULL))
          OR (r.kind = 'reference' AND r.reference IS NULL)
          OR (r.visibility = 'communities' AND NOT EXISTS (SELECT 1 FROM resource_communities rc WHERE rc.resource_id = r.id))`
  },
  {
    rule: 'authors are numbered from 0 without gaps; member authors exist',
    sql: `SELECT (SELECT count(*) FROM (SELECT resource_id FROM resource_authors GROUP BY resource_id HAVING min(position) <> 0 OR max(position) <> count(*) - 1) g)
               + (SELECT count(*) FROM resource_authors a WHERE a.user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = a.user_id)) AS n`
  },
  {
    rule: 'a resource is linked only to communities where whoever added it is an active member',
    sql: `SELECT count(*) AS n FROM resource_communities rc JOIN resources r ON r.id = rc.resource_id
          WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.community_id = rc.community_id AND m.user_id = r.added_by AND m.status = 'active')`
  },
  {
    rule: 'links, applications and notebook items point to existing resources; no note links to itself',
    sql: `SELECT (SELECT count(*) FROM resource_links l WHERE l.source_id = l.target_id OR NOT EXISTS (SELECT 1 FROM resources r WHERE r.id = l.target_id) OR NOT EXISTS (SELECT 1 FROM resources r WHERE r.id = l.source_id))
               + (SELECT count(*) FROM resource_applications a WHERE NOT EXISTS (SELECT 1 FROM resources r WHERE r.id = a.resource_id) OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = a.user_id))
               + (SELECT count(*) FROM notebook_items i WHERE NOT EXISTS (SELECT 1 FROM resources r WHERE r.id = i.resource_id)) AS n`
  },
  {
    rule: 'every notebook has a manager; its items are at positions 1..n',
    sql: `SELECT (SELECT count(*) FROM notebooks nb WHERE NOT EXISTS (SELECT 1 FROM notebook_members m WHERE m.notebook_id = nb.id AND m.role = 'manager'))
               + (SELECT count(*) FROM (SELECT notebook_id FROM notebook_items GROUP BY notebook_id HAVING min(position) <> 1 OR max(position) <> count(*)) g)
               + (SELECT count(*) FROM notebooks nb WHERE nb.visibility = 'communities' AND NOT EXISTS (SELECT 1 FROM notebook_communities c WHERE c.notebook_id = nb.id)) AS n`
  },
  {
    rule: 'event_communities carries the event’s start and includes its own community',
    sql: `SELECT count(*) AS n FROM events e WHERE NOT EXISTS (SELECT 1 FROM event_communities ec WHERE ec.event_id = e.id AND ec.community_id = e.community_id)
          OR EXISTS (SELECT 1 FROM event_communities ec WHERE ec.event_id = e.id AND ec.starts_at <> e.starts_at)`
  },
  {
    rule: 'events end after they start; their organisers animate every host',
    sql: `SELECT (SELECT count(*) FROM events e WHERE e.ends_at <= e.starts_at OR e.status NOT IN ('scheduled', 'cancelled') OR e.audience NOT IN ('public', 'members', 'animators'))
               + (SELECT count(*) FROM event_organisers o JOIN event_communities ec ON ec.event_id = o.event_id
                  WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.community_id = ec.community_id AND m.user_id = o.user_id AND m.role = 'animator' AND m.status = 'active')) AS n`
  },
  {
    rule: 'no more going than the capacity; a waitlist only when the places are taken, each with its time',
    sql: `SELECT count(*) AS n FROM events e LEFT JOIN (SELECT event_id, sum(CASE WHEN status = 'going' THEN 1 ELSE 0 END) AS going, sum(CASE WHEN status = 'waitlisted' THEN 1 ELSE 0 END) AS waiting,
                 sum(CASE WHEN (status = 'waitlisted') <> (waitlisted_at IS NOT NULL) THEN 1 ELSE 0 END) AS bad FROM registrations GROUP BY event_id) r ON r.event_id = e.id
          WHERE COALESCE(r.going, 0) > COALESCE(e.capacity, COALESCE(r.going, 0)) OR COALESCE(r.bad, 0) > 0
             OR (COALESCE(r.waiting, 0) > 0 AND (e.capacity IS NULL OR r.going <> e.capacity))`
  },
  {
    rule: 'registrations are answered before the event starts, by existing members; reminders only to those going',
    sql: `SELECT (SELECT count(*) FROM registrations r JOIN events e ON e.id = r.event_id WHERE r.created_at > e.starts_at OR r.status NOT IN ('going', 'maybe', 'not_going', 'waitlisted')
                  OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = r.user_id))
               + (SELECT count(*) FROM event_reminders_sent s WHERE NOT EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = s.event_id AND r.user_id = s.user_id AND r.status = 'going')) AS n`
  }
];

/** Issue 18's needs survey (generate/surveys.ts), on trees that have forms. */
const surveyChecks: { rule: string; sql: string }[] = [
  {
    rule: 'answers belong to a response of the same form; a named response is by an active member of its community, one per member',
    sql: `SELECT (SELECT count(*) FROM form_answers a LEFT JOIN form_responses r ON r.id = a.response_id WHERE r.id IS NULL OR r.form_id <> a.form_id)
               + (SELECT count(*) FROM form_responses r JOIN forms f ON f.id = r.form_id WHERE r.user_id IS NOT NULL AND NOT EXISTS
                  (SELECT 1 FROM memberships m WHERE m.community_id = f.community_id AND m.user_id = r.user_id AND m.status = 'active'))
               + (SELECT count(*) FROM (SELECT form_id, user_id FROM form_responses WHERE user_id IS NOT NULL GROUP BY form_id, user_id HAVING count(*) > 1) d)
               + (SELECT count(*) FROM form_responses r WHERE r.updated_at < r.submitted_at) AS n`
  },
  {
    rule: 'every needs-survey response gives its experience (required) and ranks the four formats 1 to 4',
    sql: `SELECT count(*) AS n FROM form_responses r JOIN forms f ON f.id = r.form_id WHERE f.title = 'Sondage des besoins' AND (
            (SELECT count(*) FROM form_answers a WHERE a.response_id = r.id AND a.question_id = 'experience') <> 1
            OR (SELECT count(*) FROM form_answers a WHERE a.response_id = r.id AND a.question_id = 'formats' AND a.number = a.position + 1 AND a.position BETWEEN 0 AND 3) <> 4)`
  }
];

/** Issue 18's polls in publications (generate/polls.ts), on trees that have them: the counts as recount() leaves them. */
const pollChecks: { rule: string; sql: string }[] = [
  {
    rule: 'a poll option’s vote_count is its votes; a poll’s voter_count is the members who chose an option',
    sql: `SELECT (SELECT count(*) FROM poll_options o WHERE o.vote_count <> (SELECT count(*) FROM poll_votes v WHERE v.option_id = o.id))
               + (SELECT count(*) FROM polls p WHERE p.voter_count <> (SELECT count(DISTINCT v.user_id) FROM poll_votes v WHERE v.post_id = p.post_id)) AS n`
  },
  {
    rule: 'a vote is for an option of its own poll, by an active member of the publication’s community, one option each in a single-choice poll',
    sql: `SELECT (SELECT count(*) FROM poll_votes v LEFT JOIN poll_options o ON o.id = v.option_id WHERE o.id IS NULL OR o.post_id <> v.post_id)
               + (SELECT count(*) FROM poll_votes v JOIN posts p ON p.id = v.post_id WHERE NOT EXISTS
                  (SELECT 1 FROM memberships m WHERE m.community_id = p.community_id AND m.user_id = v.user_id AND m.status = 'active'))
               + (SELECT count(*) FROM (SELECT v.post_id, v.user_id FROM poll_votes v JOIN polls p ON p.post_id = v.post_id WHERE p.multiple = 0
                  GROUP BY v.post_id, v.user_id HAVING count(*) > 1) d) AS n`
  },
  {
    rule: 'a poll is carried by a publication that is no topic proposal, with 2 to 10 options at positions 0..n-1',
    sql: `SELECT (SELECT count(*) FROM polls p JOIN posts x ON x.id = p.post_id WHERE x.kind = 'proposal')
               + (SELECT count(*) FROM (SELECT post_id FROM poll_options GROUP BY post_id HAVING count(*) NOT BETWEEN 2 AND 10 OR min(position) <> 0 OR max(position) <> count(*) - 1) g)
               + (SELECT count(*) FROM polls p WHERE NOT EXISTS (SELECT 1 FROM poll_options o WHERE o.post_id = p.post_id)) AS n`
  }
];

export type Violation = { rule: string; rows: number };

export async function verifyInvariants(writer: BulkWriter): Promise<Violation[]> {
  const violations: Violation[] = [];
  const later = (await hasTable(writer, 'resources')) && (await hasTable(writer, 'events')) ? libraryAndEventChecks : [];
  const surveys = (await hasTable(writer, 'forms')) ? surveyChecks : [];
  const polls = (await hasTable(writer, 'polls')) ? pollChecks : [];
  for (const check of [...checks, ...later, ...surveys, ...polls]) {
    const started = performance.now();
    const [row] = await writer.all<{ n: number | string }>(check.sql);
    if (process.env.BENCH_DEBUG) console.log(`    ${((performance.now() - started) / 1000).toFixed(2)} s  ${check.rule}`);
    const rows = Number(row?.n ?? 0);
    if (rows > 0) violations.push({ rule: check.rule, rows });
  }
  return violations;
}
