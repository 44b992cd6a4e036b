// Logos and avatars end to end on the server: uploaded through the API, served with safe headers to
// whoever may see them, replaced and removed without leaving files behind.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../tests/setup/instance';
import { person } from '../../tests/setup/factories';
import type { Actor } from '$lib/server/auth/actor';
import { addMemberByEmail, createCommunity, deleteCommunity, findCommunityView } from '$lib/server/communities';
import { readProfile, updateProfile } from '$lib/server/profiles';
import { storage } from '$lib/server/storage';
import * as logoApi from './api/v1/communities/[slug]/logo/+server';
import * as avatarApi from './api/v1/me/avatar/+server';
import * as membersApi from './api/v1/communities/[slug]/members/+server';
import * as logoFile from './c/[slug]/logo/+server';
import * as avatarFile from './u/[handle]/avatar/+server';

const instance = useTestInstance();

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (event: any) => Promise<Response> | Response;

function call(handler: Handler, user: Actor | null, options: { method?: string; params?: Record<string, string>; body?: Uint8Array; headers?: Record<string, string> } = {}) {
  const url = new URL('http://localhost/test');
  const request = new Request(url, { method: options.method ?? 'GET', body: options.body as BodyInit | undefined, headers: options.headers });
  return handler({ request, url, params: options.params ?? {}, locals: { user, locale: 'en', authVia: user ? 'token' : null, sessionId: null } });
}

const png = (width = 64, height = 64) => sharp({ create: { width, height, channels: 3, background: '#276749' } }).png().toBuffer();

async function status(promise: Promise<Response> | Response): Promise<number> {
  try {
    return (await promise).status;
  } catch (error) {
    return (error as { status: number }).status;
  }
}

describe('community logos', () => {
  it('an animator uploads a logo through the API; it is served as a revalidated WebP, then replaced and removed', async () => {
    const animator = await person(instance.db, 'Nadia Roy');
    const { slug } = await createCommunity(instance.db, animator, { name: 'Réseau océan', visibility: 'public' });

    const put = await call(logoApi.PUT, animator, { method: 'PUT', params: { slug }, body: await png(), headers: { 'content-type': 'image/png' } });
    expect(put.status).toBe(200);
    const { logoUrl } = (await put.json()) as { logoUrl: string };
    expect(logoUrl).toMatch(new RegExp(`^/c/${slug}/logo\\?v=`));

    const served = await call(logoFile.GET, null, { params: { slug } });
    expect(served.headers.get('content-type')).toBe('image/webp');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('cache-control')).toBe('private, no-cache');
    expect((await sharp(Buffer.from(await served.arrayBuffer())).metadata()).format).toBe('webp');
    const again = await call(logoFile.GET, null, { params: { slug }, headers: { 'if-none-match': served.headers.get('etag')! } });
    expect(again.status).toBe(304);

    const firstKey = (await instance.db.selectFrom('communities').select('logo_path').where('slug', '=', slug).executeTakeFirstOrThrow()).logo_path!;
    await call(logoApi.PUT, animator, { method: 'PUT', params: { slug }, body: await png(300, 100) });
    expect(await storage().get(firstKey)).toBeNull();
    const secondUrl = (await findCommunityView(instance.db, animator, slug)).logoUrl;
    expect(secondUrl).not.toBe(logoUrl);

    expect((await call(logoApi.DELETE, animator, { method: 'DELETE', params: { slug } })).status).toBe(204);
    expect((await findCommunityView(instance.db, animator, slug)).logoUrl).toBeNull();
    expect(await status(call(logoFile.GET, animator, { params: { slug } }))).toBe(404);
  });

  it('refuses a file that is not a picture with a clear message, and keeps the logo it had', async () => {
    const animator = await person(instance.db, 'Hugo Martel');
    const { slug } = await createCommunity(instance.db, animator, { name: 'Estrie sociale', visibility: 'public' });
    await call(logoApi.PUT, animator, { method: 'PUT', params: { slug }, body: await png() });
    const before = await findCommunityView(instance.db, animator, slug);

    const refused = await call(logoApi.PUT, animator, { method: 'PUT', params: { slug }, body: new TextEncoder().encode('#!/bin/sh\necho pwned'), headers: { 'content-type': 'image/png' } });
    expect(refused.status).toBe(400);
    const problem = (await refused.json()) as { errors: { path: string; message: string }[] };
    expect(problem.errors).toEqual([{ path: 'logo', message: 'This file is not a JPEG, PNG, WebP, GIF or AVIF image.' }]);
    expect((await findCommunityView(instance.db, animator, slug)).logoUrl).toBe(before.logoUrl);
    expect((await call(logoFile.GET, null, { params: { slug } })).status).toBe(200);
  });

  it('deleting a community deletes its logo file', async () => {
    const admin = await person(instance.db, 'Admin', { role: 'admin' });
    const { slug } = await createCommunity(instance.db, admin, { name: 'Éphémère', visibility: 'private' });
    await call(logoApi.PUT, admin, { method: 'PUT', params: { slug }, body: await png() });
    const { logo_path } = await instance.db.selectFrom('communities').select('logo_path').where('slug', '=', slug).executeTakeFirstOrThrow();
    expect(await storage().get(logo_path!)).not.toBeNull();
    await deleteCommunity(instance.db, admin, slug, slug);
    expect(await storage().get(logo_path!)).toBeNull();
  });
});

describe('avatars', () => {
  it('a member sets an avatar; others see it as its level allows; removing it deletes the file', async () => {
    const lea = await person(instance.db, 'Léa Fortin');
    const colleague = await person(instance.db, 'Paul Girard');
    const stranger = await person(instance.db, 'Yves Bélanger');
    const community = await createCommunity(instance.db, lea, { name: 'Voisinage', visibility: 'private' });
    await addMemberByEmail(instance.db, lea, community.slug, { email: colleague.email });

    const put = await call(avatarApi.PUT, lea, { method: 'PUT', body: await png(800, 600), headers: { 'content-type': 'image/jpeg' } });
    expect(put.status).toBe(200);
    const { handle, avatarUrl } = (await put.json()) as { handle: string; avatarUrl: string };
    expect(avatarUrl).toMatch(new RegExp(`^/u/${handle}/avatar\\?v=`));
    const served = await call(avatarFile.GET, stranger, { params: { handle } });
    expect((await sharp(Buffer.from(await served.arrayBuffer())).metadata()).width).toBe(256);

    await updateProfile(instance.db, lea, { visibility: { avatar: 'communities' } });
    expect((await readProfile(instance.db, colleague, handle)).avatarUrl).toBe(avatarUrl);
    expect((await readProfile(instance.db, stranger, handle)).avatarUrl).toBeNull();
    expect(await status(call(avatarFile.GET, stranger, { params: { handle } }))).toBe(404);
    expect(await status(call(avatarFile.GET, null, { params: { handle } }))).toBe(404);
    expect((await call(avatarFile.GET, colleague, { params: { handle } })).status).toBe(200);
    // Lists apply the same level: a public community's members, read by a member and by a stranger.
    const open = await createCommunity(instance.db, lea, { name: 'Place publique', visibility: 'public' });
    await addMemberByEmail(instance.db, lea, open.slug, { email: colleague.email });
    const avatarsSeenBy = async (viewer: Actor | null) => {
      const page = (await (await call(membersApi.GET, viewer, { params: { slug: open.slug } })).json()) as { items: { handle: string; avatarUrl: string | null }[] };
      return page.items.find((item) => item.handle === handle)?.avatarUrl;
    };
    expect(await avatarsSeenBy(colleague)).toBe(avatarUrl);
    expect(await avatarsSeenBy(stranger)).toBeNull();
    expect(await avatarsSeenBy(null)).toBeNull();

    const { avatar_path } = await instance.db.selectFrom('profiles').select('avatar_path').where('handle', '=', handle).executeTakeFirstOrThrow();
    expect((await call(avatarApi.DELETE, lea, { method: 'DELETE' })).status).toBe(204);
    expect(await storage().get(avatar_path!)).toBeNull();
    expect(await status(call(avatarFile.GET, lea, { params: { handle } }))).toBe(404);
  });

  it('asks for a session or a token', async () => {
    expect(await status(call(avatarApi.PUT, null, { method: 'PUT', body: await png() }))).toBe(401);
  });
});
