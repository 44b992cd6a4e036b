// The shared repertoire as createResource, updateResource and applyResource leave it (migration 0012,
// src/lib/server/library/): each resource with every revision as a JSON snapshot, its authors in
// order, categories, linked communities (the adder an active member of each), the links between
// notes with the HTML prepareNote renders for them, "I applied this" with applied_count to match,
// and a real small file under DATA_DIR for each file resource. Notebooks follow in notebooks.ts.
import fs from 'node:fs';
import path from 'node:path';
import { renderMarkdown } from '../../src/lib/server/markdown';
import { headingIds } from '../../src/lib/server/library/sections';
import type { ResourceSnapshot } from '../../src/lib/server/library/resources';
import type { CslItem, LibraryVisibility, Licence, ResourceKind } from '../../src/lib/shared/library';
import { cumulate, sample, uuidv7At, type Random } from '../random';
import { commentBody, firstNames, journals, lastNames, postBody, resourceCategories, resourceTitles, workSections } from './corpus';
import { DAY, HOUR, type CommunityModel, type Context, type Lang } from './model';

/** What the notebooks and the scenarios need to know of a resource once it is written. */
export type ResourceModel = {
  id: string;
  at: number;
  kind: ResourceKind;
  visibility: LibraryVisibility;
  deleted: boolean;
  /** Linked communities (indices). */
  communities: number[];
  title: string;
  revision: number;
  backlinks: number;
};

const kinds: [ResourceKind, number][] = [['note', 0.45], ['link', 0.2], ['reference', 0.2], ['file', 0.1], ['work', 0.05]];
const visibilities: [LibraryVisibility, number][] = [['public', 0.4], ['instance', 0.25], ['communities', 0.3], ['authors', 0.05]];
const licences: [Licence, number][] = [['cc-by', 0.3], ['cc-by-sa', 0.15], ['cc-by-nc', 0.1], ['cc-by-nc-sa', 0.05], ['cc0', 0.05], ['all-rights-reserved', 0.3], ['other', 0.05]];
const revisionCounts: [number, number][] = [[1, 0.6], [2, 0.28], [3, 0.12]];
const messages = { fr: ['Corrections', 'Ajout d’un exemple', 'Mise à jour des liens'], en: ['Fixes', 'Added an example', 'Updated links'] };

export function weighted<T>(random: Random, table: [T, number][]): T {
  let r = random.next();
  for (const [value, weight] of table) {
    if (r < weight) return value;
    r -= weight;
  }
  return table[table.length - 1]![0];
}

/** The smallest well-formed PDF, so that downloading a file resource serves real bytes. */
function tinyPdf(title: string): Buffer {
  const text = title.replace(/[^\x20-\x7e]/g, '?').replace(/[()\\]/g, '');
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

function languageOf(random: Random, community: CommunityModel): Lang {
  if (community.languages === 'fr') return random.chance(0.95) ? 'fr' : 'en';
  if (community.languages === 'en') return random.chance(0.9) ? 'en' : 'fr';
  return random.chance(0.6) ? 'fr' : 'en';
}

function personName(random: Random): { given: string; family: string } {
  return { given: random.pick(random.chance(0.7) ? firstNames.fr : firstNames.en), family: random.pick(lastNames) };
}

function bodyOf(random: Random, kind: ResourceKind, lang: Lang): string {
  const pick = (n: number) => random.int(n);
  if (kind === 'note') return postBody(lang, pick);
  if (kind === 'work') return workSections[lang].map((heading) => `## ${heading}\n\n${postBody(lang, pick)}`).join('\n\n');
  // A description for the other kinds: a paragraph, or nothing.
  return random.chance(0.7) ? (postBody(lang, pick).split('\n\n')[0] ?? '') : '';
}

/** The HTML prepareNote stores: `[[id]]` becomes a link titled only when the target is public. */
function renderBody(body: string, kind: ResourceKind, targets: ResourceModel[]): string {
  let markdown = body;
  for (const target of targets) markdown = markdown.replace(`[[${target.id}]]`, `[${target.visibility === 'public' ? target.title.replace(/[[\]\\]/g, (c) => `\\${c}`) : '↗'}](/r/${target.id})`);
  return renderMarkdown(markdown, {}, kind === 'work' ? headingIds : undefined).html;
}

/** Times of the saves: the first at creation, the others days later, never in the future. */
function revisionTimes(ctx: Context, at: number, count: number): number[] {
  const times = [at];
  for (let k = 1; k < count; k++) times.push(Math.min(ctx.now - 1000 - (count - k), times[k - 1]! + 1 + Math.floor(ctx.random.exponential(5 * DAY))));
  for (let k = 1; k < count; k++) if (times[k]! <= times[k - 1]!) times[k] = times[k - 1]! + 1;
  return times;
}

type Shape = { coAuthors: number[]; kind: ResourceKind; lang: Lang; title: string; authors: ResourceSnapshot['authors']; reference: CslItem | null; file: ResourceSnapshot['file']; linkUrl: string | null };

function shapeOf(ctx: Context, community: CommunityModel, adderIndex: number, i: number, at: number): Shape {
  const { random } = ctx;
  const kind = weighted(random, kinds);
  const lang = languageOf(random, community);
  const title = random.pick(resourceTitles[lang][kind]).replace('{theme}', community.theme).replace('{region}', community.region);
  const adder = ctx.users[adderIndex]!;
  let authors: ResourceSnapshot['authors'] = [{ userId: adder.id, name: adder.name }];
  let reference: CslItem | null = null;
  const coAuthors: number[] = [];
  if (kind === 'reference') {
    const people = Array.from({ length: 1 + random.int(3) }, () => personName(random));
    reference = { type: 'article-journal', title, author: people, issued: { 'date-parts': [[2005 + random.int(21)]] }, 'container-title': random.pick(journals) };
    if (random.chance(0.6)) reference.DOI = `10.${4000 + random.int(5000)}/bench.${i}`;
    // referenceAuthors(): people outside the instance, "Family, Given".
    authors = people.map((p) => ({ userId: null, name: `${p.family}, ${p.given}` }));
  } else {
    if (random.chance(0.25) && community.authors.length > 1) {
      const other = community.authors[sample(random, community.authorWeights)]!;
      if (other !== adderIndex) {
        authors.push({ userId: ctx.users[other]!.id, name: ctx.users[other]!.name });
        coAuthors.push(other);
      }
    }
    if (random.chance(0.15)) {
      const p = personName(random);
      authors.push({ userId: null, name: `${p.given} ${p.family}` });
    }
  }
  let file: ResourceSnapshot['file'] = null;
  if (kind === 'file') {
    const key = `library/${uuidv7At(at, random)}.pdf`;
    const bytes = tinyPdf(title);
    fs.writeFileSync(path.join(ctx.dataDir, 'uploads', key), bytes);
    const name = `${title.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.pdf`;
    file = { key, name, mime: 'application/pdf', size: bytes.length };
  }
  const linkUrl = kind === 'link' ? `https://exemple.org/bibliotheque/${i}` : null;
  return { coAuthors, kind, lang, title, authors, reference, file, linkUrl };
}

function applicationsOf(ctx: Context, community: CommunityModel, lang: Lang, after: number): { userIndex: number; at: number; story: string | null }[] {
  const { random } = ctx;
  if (community.members.length === 0 || !random.chance(0.35)) return [];
  const count = 1 + Math.floor(random.exponential(2.5));
  return random.distinct(community.members.length, count).map((k) => ({
    userIndex: community.members[k]!,
    at: after + Math.floor(random.next() * (ctx.now - 1000 - after)),
    story: random.chance(0.3) ? commentBody(lang, (n) => random.int(n)) : null
  }));
}

/** Communities where something may still be shared (not archived) and someone writes. */
function liveWeights(ctx: Context): Float64Array {
  return cumulate(ctx.communities.map((c) => (c.archived || c.authors.length === 0 ? 0 : c.weight)));
}

type Planned = {
  id: string;
  at: number;
  shape: Shape;
  adderIndex: number;
  visibility: LibraryVisibility;
  linked: number[];
  /** When each revision was saved. */
  times: number[];
  deletedAt: number | null;
  targets: ResourceModel[];
  snapshot: (k: number) => ResourceSnapshot;
  applications: { userIndex: number; at: number; story: string | null }[];
};

/** The rows of one resource: itself, authors, categories, communities, revisions, links, applications. */
function writeResource(ctx: Context, r: Planned): void {
  const { random, writer } = ctx;
  const { id, at, shape, adderIndex, visibility, linked, times, deletedAt, targets, snapshot, applications } = r;
  const revisions = times.length;
  const current = snapshot(revisions - 1);
  const adder = ctx.users[adderIndex]!;
  const updatedAt = Math.max(times[revisions - 1]!, deletedAt ?? 0);
  writer.add('resources', {
    id,
    kind: shape.kind,
    title: current.title,
    summary: current.summary,
    body: current.body,
    body_html: renderBody(current.body, shape.kind, targets),
    language: current.language,
    licence: current.licence,
    licence_note: current.licenceNote,
    visibility,
    link_url: current.linkUrl,
    // The preview job has run for most links.
    link_preview: current.linkUrl && random.chance(0.8) ? JSON.stringify({ url: current.linkUrl, title: current.title, description: 'Guides, fiches et outils.', imageUrl: null, siteName: 'exemple.org' }) : null,
    reference: current.reference ? JSON.stringify(current.reference) : null,
    doi: current.reference?.DOI ? current.reference.DOI.toLowerCase() : null,
    storage_key: current.file?.key ?? null,
    file_name: current.file?.name ?? null,
    mime: current.file?.mime ?? null,
    size: current.file?.size ?? null,
    revision: revisions,
    added_by: adder.id,
    applied_count: applications.length,
    created_at: at,
    updated_at: updatedAt,
    deleted_at: deletedAt,
    deleted_by: deletedAt ? adder.id : null
  });
  current.authors.forEach((a, position) => writer.add('resource_authors', { resource_id: id, position, user_id: a.userId, name: a.name }));
  for (const category of current.categories) writer.add('resource_categories', { resource_id: id, category });
  linked.forEach((c, k) => writer.add('resource_communities', { resource_id: id, community_id: ctx.communities[c]!.id, created_at: at + k }));
  const editors = [adderIndex, ...shape.coAuthors];
  for (let k = 0; k < revisions; k++) {
    const editor = ctx.users[k === 0 ? adderIndex : random.pick(editors)]!;
    const message = k === 0 ? null : random.pick(messages[shape.lang]);
    writer.add('resource_revisions', { id: uuidv7At(times[k]!, random), resource_id: id, number: k + 1, editor_id: editor.id, message, snapshot: JSON.stringify(snapshot(k)), created_at: times[k]! });
  }
  for (const target of targets) {
    writer.add('resource_links', { source_id: id, target_id: target.id });
    target.backlinks++;
  }
  for (const a of applications) writer.add('resource_applications', { resource_id: id, user_id: ctx.users[a.userIndex]!.id, story: a.story, created_at: a.at });
}

export async function generateResources(ctx: Context): Promise<ResourceModel[]> {
  const { random, writer, scale } = ctx;
  fs.mkdirSync(path.join(ctx.dataDir, 'uploads', 'library'), { recursive: true });
  const weights = liveWeights(ctx);
  const span = ctx.now - HOUR - ctx.start;
  const resources: ResourceModel[] = [];
  const alive: ResourceModel[] = [];
  let showcase: ResourceModel | null = null;
  const step = Math.max(1, Math.floor(scale.resources / 5));

  for (let i = 0; i < scale.resources; i++) {
    const at = ctx.start + Math.floor((span * (i + random.next())) / scale.resources);
    const community = ctx.communities[sample(random, weights)]!;
    const adderIndex = community.authors[sample(random, community.authorWeights)]!;
    const adder = ctx.users[adderIndex]!;
    const shape = shapeOf(ctx, community, adderIndex, i, at);
    const isShowcase = showcase === null && shape.kind === 'note' && community === ctx.communities[0] && i > 0;
    const visibility: LibraryVisibility = isShowcase ? 'public' : weighted(random, visibilities);
    // Linking is sharing where one may post: the adder's own active, unarchived communities only.
    const linked: number[] = [];
    if (visibility === 'communities' || random.chance(0.7)) linked.push(community.index);
    if (linked.length > 0 && random.chance(0.1)) {
      const others = adder.communities.filter((c) => c !== community.index && !ctx.communities[c]!.archived);
      if (others.length > 0) linked.push(random.pick(others));
    }
    const revisions = isShowcase ? 3 : weighted(random, revisionCounts);
    const times = revisionTimes(ctx, at, revisions);
    const deletedAt = !isShowcase && random.chance(0.01) ? Math.min(ctx.now - 1000, times[revisions - 1]! + random.int(30 * DAY)) : null;

    // Notes and works link to earlier resources with [[id]]; the showcase collects backlinks.
    const targets: ResourceModel[] = [];
    if ((shape.kind === 'note' || shape.kind === 'work') && alive.length > 0 && random.chance(0.3)) {
      if (showcase && random.chance(0.2)) targets.push(showcase);
      for (let k = 1 + random.int(2); k > 0; k--) {
        const target = alive[alive.length - 1 - Math.min(alive.length - 1, Math.floor(random.exponential(alive.length / 4)))]!;
        if (!targets.includes(target)) targets.push(target);
      }
    }
    const bodies = Array.from({ length: revisions }, () => bodyOf(random, shape.kind, shape.lang));
    if (targets.length > 0) bodies[revisions - 1] += `\n\n${shape.lang === 'fr' ? 'Voir aussi' : 'See also'} ${targets.map((t) => `[[${t.id}]]`).join(', ')}.`;
    const categories = [...new Set(Array.from({ length: random.int(4) }, () => random.pick(resourceCategories)))];
    const licence = weighted(random, licences);
    const summary = random.chance(0.5) ? (postBody(shape.lang, (n) => random.int(n)).split('\n\n')[0] ?? '').slice(0, 200) : null;
    const snapshot = (k: number): ResourceSnapshot => ({
      title: k === revisions - 1 || shape.kind === 'reference' ? shape.title : `${shape.title} (${shape.lang === 'fr' ? 'brouillon' : 'draft'})`,
      summary,
      body: bodies[k]!,
      language: shape.lang,
      licence,
      licenceNote: licence === 'other' ? 'Licence ouverte 2.0' : null,
      visibility,
      linkUrl: shape.linkUrl,
      reference: shape.reference,
      file: shape.file,
      authors: shape.authors,
      categories
    });
    const current = snapshot(revisions - 1);
    const id = uuidv7At(at, random);
    const model: ResourceModel = { id, at, kind: shape.kind, visibility, deleted: deletedAt !== null, communities: linked, title: current.title, revision: revisions, backlinks: 0 };
    if (isShowcase) showcase = model;
    // Readers who applied it: members of its (first linked) community, who may all read it.
    const applications = deletedAt === null && visibility !== 'authors' ? applicationsOf(ctx, linked.length > 0 ? ctx.communities[linked[0]!]! : community, shape.lang, at) : [];
    writeResource(ctx, { id, at, shape, adderIndex, visibility, linked, times, deletedAt, targets, snapshot, applications });
    resources.push(model);
    if (deletedAt === null) alive.push(model);
    await writer.drain();
    if (i % step === step - 1) ctx.progress(`resources ${Math.round(((i + 1) / scale.resources) * 100)} %`);
  }
  ctx.targets.resource = showcase?.id ?? null;
  return resources;
}
