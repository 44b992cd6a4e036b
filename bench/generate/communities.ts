// Communities and who belongs to them: a third private (one in three of those hidden), sizes and
// activity skewed (Zipf), memberships in every status with their roles, animator terms, partners
// and the members' last visits. The bench readers are placed here too.
import { urlName } from '../../src/lib/server/text';
import type { CommunityRole, JoinPolicy, MembershipStatus, Visibility } from '../../src/lib/server/db/schema';
import { cumulate, sample, uuidv7At, zipf } from '../random';
import { communitySubjects, missions, notStatements, organisations, regions, welcomeMessages } from './corpus';
import { DAY, HOUR, type CommunityModel, type Context } from './model';

function visibilityOf(index: number): Visibility {
  if (index % 3 !== 2) return 'public';
  return index % 9 === 8 ? 'hidden' : 'private';
}

function joinPolicyOf(index: number, visibility: Visibility): JoinPolicy {
  if (visibility === 'hidden') return 'invite';
  if (visibility === 'private') return index % 2 === 0 ? 'request' : 'invite';
  return index % 4 === 3 ? 'request' : 'open';
}

export async function generateCommunities(ctx: Context, organisationIds: string[]): Promise<void> {
  const { random, writer, scale } = ctx;
  const weights = zipf(scale.communities, 1);
  const slugs = new Set<string>();
  for (let index = 0; index < scale.communities; index++) {
    const subject = communitySubjects[index % communitySubjects.length]!;
    const region = regions[Math.floor(index / communitySubjects.length) % regions.length]!;
    const round = Math.floor(index / (communitySubjects.length * regions.length));
    const languages = index % 10 === 9 ? 'en' : index % 10 >= 6 ? 'fr,en' : 'fr';
    const base = languages === 'en' ? subject.en : subject.fr;
    const name = index < communitySubjects.length ? base : `${base} — ${region}${round > 0 ? ` ${round + 1}` : ''}`;
    let slug = urlName(name, 60);
    for (let n = 2; slugs.has(slug); n++) slug = `${urlName(name, 56)}-${n}`;
    slugs.add(slug);
    const visibility = visibilityOf(index);
    const createdAt = ctx.start - 60 * DAY + random.int(30 * DAY);
    const archived = scale.communities >= 50 && index === scale.communities - 1;
    ctx.communities.push({
      index,
      id: uuidv7At(createdAt, random),
      slug,
      name,
      visibility,
      joinPolicy: joinPolicyOf(index, visibility),
      languages,
      theme: subject.theme,
      region,
      archived,
      createdAt,
      weight: (weights[index] as number) - (index > 0 ? (weights[index - 1] as number) : 0),
      members: [],
      roles: new Map(),
      authors: [],
      authorWeights: new Float64Array(0)
    });
  }
  const cumulative = cumulate(ctx.communities.map((c) => c.weight));
  const memberships = new Map<number, Map<number, MembershipStatus>>(ctx.communities.map((c) => [c.index, new Map()]));
  // Each member belongs to a few communities, the popular ones more often.
  ctx.users.forEach((user, userIndex) => {
    if (user.provisioned) return;
    const wanted = Math.min(scale.communities, 1 + Math.floor(random.exponential(1.6)), 20);
    const chosen = new Set<number>();
    for (let tries = 0; chosen.size < wanted && tries < wanted * 10; tries++) chosen.add(sample(random, cumulative));
    for (const communityIndex of chosen) {
      const community = ctx.communities[communityIndex]!;
      const r = random.next();
      const status: MembershipStatus =
        r < 0.92 ? 'active' : r < 0.95 ? 'left' : r < 0.97 ? (community.joinPolicy === 'open' ? 'active' : 'pending') : r < 0.98 ? 'removed' : r < 0.99 ? 'banned' : community.joinPolicy === 'request' ? 'declined' : 'left';
      memberships.get(communityIndex)!.set(userIndex, status);
    }
  });
  // The bench readers: `many` in four communities out of five (the largest public one included, and
  // private and hidden ones), `few` in the smallest private community only.
  const privates = ctx.communities.filter((c) => c.visibility === 'private');
  const few = privates[privates.length - 1] ?? ctx.communities[ctx.communities.length - 1]!;
  ctx.targets.fewCommunity = few.slug;
  ctx.users.forEach((user, userIndex) => {
    const reader = ctx.readers.find((r) => r.id === user.id);
    if (!reader) return;
    if (reader.kind === 'few') memberships.get(few.index)!.set(userIndex, 'active');
    else for (const community of ctx.communities) if (community.index % 5 !== 4 && !community.archived) memberships.get(community.index)!.set(userIndex, 'active');
  });

  for (const community of ctx.communities) {
    const rows = memberships.get(community.index)!;
    const active = [...rows].filter(([, status]) => status === 'active').map(([userIndex]) => userIndex);
    // The most active members animate and steer; bench readers stay plain members.
    const candidates = active.filter((u) => !ctx.users[u]!.provisioned).sort((a, b) => ctx.users[b]!.activity - ctx.users[a]!.activity);
    const animators = candidates.slice(0, 1 + random.int(2));
    const stewards = candidates.slice(animators.length, animators.length + 2 + random.int(3));
    for (const u of active) community.roles.set(u, animators.includes(u) ? 'animator' : stewards.includes(u) ? 'steward' : 'member');
    community.members = active;
    for (const u of active) ctx.users[u]!.communities.push(community.index);
    community.authors = candidates;
    // Animators write more than their activity alone says: calls, welcomes, summaries.
    community.authorWeights = cumulate(candidates.map((u) => ctx.users[u]!.activity * (animators.includes(u) ? 5 : 1)));
    writeCommunity(ctx, community, animators, organisationIds);
    writeMemberships(ctx, community, rows, animators);
    await writer.drain();
  }
  await writer.flush();
}

function writeCommunity(ctx: Context, community: CommunityModel, animators: number[], organisationIds: string[]): void {
  const { random, writer } = ctx;
  const founder = animators[0] === undefined ? null : ctx.users[animators[0]]!.id;
  const english = community.languages === 'en';
  const partners = random.chance(0.3) ? random.distinct(organisationIds.length, 1 + random.int(2)) : [];
  const withCharter = random.chance(0.85);
  writer.add('communities', {
    id: community.id,
    slug: community.slug,
    name: community.name,
    summary: english ? `A community of practice on ${community.theme}, ${community.region}.` : `Une communauté de pratique sur ${community.theme}, ${community.region}.`,
    languages: community.languages,
    themes: JSON.stringify([community.theme]),
    regions: JSON.stringify([community.region]),
    partners: JSON.stringify(partners.map((i) => organisations[i]!.name)),
    mission: withCharter ? random.pick(missions) : null,
    vision: withCharter && random.chance(0.6) ? 'Des services accessibles, dans la langue de chacun, partout dans la région.' : null,
    values_text: withCharter && random.chance(0.6) ? 'Bienveillance, partage, rigueur, plaisir.' : null,
    objectives: withCharter ? '1. Se rencontrer chaque mois.\n2. Documenter nos pratiques.\n3. Accueillir les nouveaux membres.' : null,
    not_statement: withCharter && random.chance(0.5) ? random.pick(notStatements) : null,
    visibility: community.visibility,
    join_policy: community.joinPolicy,
    join_question: community.joinPolicy === 'request' ? 'Qu’est-ce qui vous amène dans la communauté ?' : null,
    welcome_message: random.chance(0.6) ? random.pick(welcomeMessages) : null,
    logo_path: null,
    status: community.archived ? 'archived' : 'active',
    created_by: founder,
    created_at: community.createdAt,
    updated_at: community.createdAt,
    archived_at: community.archived ? ctx.now - 30 * DAY : null
  });
  for (const organisation of partners) writer.add('community_partners', { community_id: community.id, organisation_id: organisationIds[organisation]! });
}

function writeMemberships(ctx: Context, community: CommunityModel, rows: Map<number, MembershipStatus>, animators: number[]): void {
  const { random, writer } = ctx;
  const decider = animators[0] === undefined ? null : ctx.users[animators[0]]!.id;
  const decided = community.joinPolicy !== 'open';
  for (const [userIndex, status] of rows) {
    const user = ctx.users[userIndex]!;
    const earliest = Math.max(user.createdAt, community.createdAt);
    // Most joined early on; the others over the two years since.
    const joinedAt = Math.min(ctx.now - DAY, random.chance(0.7) ? earliest + random.int(20 * DAY) : earliest + random.int(Math.max(DAY, ctx.now - earliest - DAY)));
    const wasMember = status === 'active' || status === 'left' || status === 'removed' || status === 'banned';
    const role: CommunityRole = community.roles.get(userIndex) ?? 'member';
    const updatedAt = status === 'active' ? joinedAt : Math.min(ctx.now - HOUR, joinedAt + random.int(200 * DAY));
    const welcomed = status === 'active' && random.chance(0.6);
    writer.add('memberships', {
      id: uuidv7At(joinedAt, random),
      community_id: community.id,
      user_id: user.id,
      role,
      status,
      request_message: status === 'pending' || status === 'declined' ? 'Je travaille dans le domaine et j’aimerais apprendre avec vous.' : null,
      decision_message: status === 'declined' ? 'La communauté est réservée aux intervenants de la région.' : null,
      decided_by: decided && status !== 'pending' ? decider : null,
      decided_at: decided && status !== 'pending' ? joinedAt : null,
      joined_at: wasMember ? joinedAt : null,
      created_at: joinedAt,
      updated_at: updatedAt,
      welcome_sent_at: welcomed ? joinedAt : null,
      welcome_seen_at: welcomed && random.chance(0.8) ? joinedAt + HOUR : null
    });
    if (role === 'animator' && status === 'active') {
      writer.add('animator_terms', { id: uuidv7At(joinedAt, random), community_id: community.id, user_id: user.id, started_at: joinedAt, ended_at: null, note: null, handed_by: null });
    }
    if (status === 'active' && random.chance(0.5)) {
      writer.add('community_visits', { user_id: user.id, community_id: community.id, visited_at: Math.max(joinedAt, ctx.now - Math.floor(random.exponential(10 * DAY))) });
    }
  }
}
