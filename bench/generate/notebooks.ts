// Notebooks (carnets) as createNotebook and addToNotebook leave them: one for about every twenty
// resources, each with its creator as manager and a few other managers or contributors from the
// same community, 5 to 40 items its people may read, at positions 1..n in the order they were added.
import { renderMarkdown } from '../../src/lib/server/markdown';
import type { LibraryVisibility } from '../../src/lib/shared/library';
import { cumulate, sample, uuidv7At } from '../random';
import { notebookTitles, postBody, resourceCategories } from './corpus';
import { weighted, type ResourceModel } from './library';
import { HOUR, type Context } from './model';

const visibilities: [LibraryVisibility, number][] = [['public', 0.45], ['instance', 0.25], ['communities', 0.25], ['authors', 0.05]];

export async function generateNotebooks(ctx: Context, resources: ResourceModel[]): Promise<void> {
  const { random, writer } = ctx;
  const count = Math.max(1, Math.round(resources.length / 20));
  const weights = cumulate(ctx.communities.map((c) => (c.archived || c.authors.length === 0 ? 0 : c.weight)));
  // What any member may read, and what members of each community may read besides.
  const open = resources.filter((r) => !r.deleted && (r.visibility === 'public' || r.visibility === 'instance'));
  const byCommunity = ctx.communities.map(() => [] as ResourceModel[]);
  for (const r of resources) if (!r.deleted && r.visibility !== 'authors') for (const c of r.communities) byCommunity[c]!.push(r);
  const span = ctx.now - HOUR - ctx.start;
  let showcase: { id: string; items: number } | null = null;

  for (let j = 0; j < count; j++) {
    const at = ctx.start + Math.floor((span * (j + random.next())) / count);
    const community = ctx.communities[sample(random, weights)]!;
    const creatorIndex = community.authors[sample(random, community.authorWeights)]!;
    const creator = ctx.users[creatorIndex]!;
    const visibility: LibraryVisibility = j === 0 ? 'public' : weighted(random, visibilities);
    const linked = visibility === 'communities' || random.chance(0.6);
    const lang = community.languages === 'en' ? 'en' : 'fr';
    const title = random.pick(notebookTitles[lang]).replace('{theme}', community.theme).replace('{region}', community.region);
    const description = random.chance(0.7) ? (postBody(lang, (n) => random.int(n)).split('\n\n')[0] ?? '') : '';
    const id = uuidv7At(at, random);

    const people: { index: number; role: 'manager' | 'contributor'; at: number }[] = [{ index: creatorIndex, role: 'manager', at }];
    for (const k of random.distinct(community.authors.length, random.int(3))) {
      const index = community.authors[k]!;
      if (index !== creatorIndex) people.push({ index, role: random.chance(0.3) ? 'manager' : 'contributor', at: at + 1 + random.int(HOUR) });
    }

    // Items its people may read: mostly their community's, the rest from the open library.
    const wanted = 5 + random.int(36);
    const chosen = new Map<string, ResourceModel>();
    const local = byCommunity[community.index]!;
    for (let tries = 0; chosen.size < wanted && tries < wanted * 4; tries++) {
      const pool = local.length > 0 && random.chance(0.6) ? local : open;
      if (pool.length === 0) break;
      const r = random.pick(pool);
      chosen.set(r.id, r);
    }
    const items = [...chosen.values()]
      .map((r) => {
        const from = Math.max(at + HOUR, r.at + 1);
        return { resource: r, addedAt: from + Math.floor(random.next() * Math.max(1, ctx.now - 1000 - from)), by: random.pick(people).index };
      })
      .sort((a, b) => a.addedAt - b.addedAt);
    const updatedAt = Math.max(at, ...items.map((i) => i.addedAt));

    writer.add('notebooks', {
      id,
      title,
      description,
      description_html: renderMarkdown(description).html,
      visibility,
      created_by: creator.id,
      created_at: at,
      updated_at: updatedAt,
      deleted_at: null
    });
    for (const p of people) writer.add('notebook_members', { notebook_id: id, user_id: ctx.users[p.index]!.id, role: p.role, created_at: p.at });
    if (linked) writer.add('notebook_communities', { notebook_id: id, community_id: community.id, created_at: at });
    for (const category of new Set(Array.from({ length: random.int(3) }, () => random.pick(resourceCategories)))) writer.add('notebook_categories', { notebook_id: id, category });
    items.forEach((item, k) => writer.add('notebook_items', { notebook_id: id, resource_id: item.resource.id, position: k + 1, added_by: ctx.users[item.by]!.id, added_at: item.addedAt }));
    if (visibility === 'public' && (!showcase || items.length > showcase.items)) showcase = { id, items: items.length };
    await writer.drain();
  }
  ctx.targets.notebook = showcase?.id ?? null;
}
