// What the generator keeps in memory while it writes: members, communities and who belongs where,
// so that every row it writes refers to rows that exist and follows the domain's rules.
import type { Random } from '../random';
import type { Scale } from '../scales';
import type { BulkWriter } from './writer';
import type { CommunityRole, JoinPolicy, Visibility } from '../../src/lib/server/db/schema';

export type Lang = 'fr' | 'en';

export type UserModel = {
  id: string;
  name: string;
  email: string;
  locale: Lang;
  createdAt: number;
  /** How much they write, relative to others: most members mostly read. */
  activity: number;
  /** Indices of the communities where their membership is active. */
  communities: number[];
  /** Accounts made through provisionAccount (bench readers, the administrator): never authors. */
  provisioned: boolean;
};

export type CommunityModel = {
  index: number;
  id: string;
  slug: string;
  name: string;
  visibility: Visibility;
  joinPolicy: JoinPolicy;
  languages: 'fr' | 'en' | 'fr,en';
  theme: string;
  region: string;
  archived: boolean;
  createdAt: number;
  /** Share of the publications written here (Zipf over the communities). */
  weight: number;
  /** Active members (user indices) and their role. */
  members: number[];
  roles: Map<number, CommunityRole>;
  /** Active members who may write, with cumulative activity weights to draw authors from. */
  authors: number[];
  authorWeights: Float64Array;
};

/** A member the scenarios sign in as: created through provisionAccount, with a token. */
export type BenchReader = {
  id: string;
  name: string;
  email: string;
  password: string;
  token: string;
  /** `many`: a member of most communities; `few`: of a single small one. */
  kind: 'many' | 'few';
};

export type Targets = {
  /** The largest public community (most publications): its page and Atom feed. */
  publicCommunity: string;
  /** A publication in it with exactly 50 comments, none deleted. */
  thread: string | null;
  /** Open publications of that community where the bench readers may comment. */
  writePosts: string[];
  /** The single community of the `few` readers. */
  fewCommunity: string;
  /** A public note with several revisions and the most backlinks (absent from older instances). */
  resource?: string | null;
  /** A public notebook with many items (absent from older instances). */
  notebook?: string | null;
  /**
   * The needs survey of the largest public community, its animators (who sign in with
   * the members' password to read the results) and how many responses it has (absent from older instances).
   */
  survey?: { id: string; community: string; animators: { id: string; name: string; email: string }[]; responses: number } | null;
  /**
   * The poll of the largest public community (issue 18, use 3): its publication, its five options in
   * their order, how many members voted, and its twin without a poll (absent from older instances).
   */
  poll?: { id: string; community: string; options: string[]; voters: number; twin: string } | null;
};

export type Context = {
  scale: Scale;
  random: Random;
  writer: BulkWriter;
  /** The instance's DATA_DIR: stored files (library uploads) go under its `uploads/`. */
  dataDir: string;
  now: number;
  /** The oldest publication's date: the instance has two years of history. */
  start: number;
  users: UserModel[];
  communities: CommunityModel[];
  readers: BenchReader[];
  admin: { id: string; email: string; password: string };
  targets: Targets;
  progress(message: string): void;
};

export const DAY = 24 * 60 * 60 * 1000;
export const HOUR = 60 * 60 * 1000;

export const iso = (ms: number) => new Date(ms).toISOString();
