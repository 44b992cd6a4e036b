import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { profileFields, readOwnProfile, updateProfile, visibilityLevels, type ProfileField } from '$lib/server/profiles';
import { requireSignedIn } from '$lib/server/http/pages';
import { formFile } from '$lib/server/http/pictures';
import { setAvatar } from '$lib/server/profiles/avatar';
import { organisationTypes } from '$lib/server/organisations';
import { echoAll, field, formFailure, tagList } from '$lib/server/http/forms';
import { isAnimatorSomewhere } from '$lib/server/search/helpers';

export const load: PageServerLoad = async ({ locals, url }) => {
  const user = requireSignedIn(locals.user, url);
  return { profile: await readOwnProfile(db(), user), suggestedByDefault: await isAnimatorSomewhere(db(), user.id) };
};

async function suggestChoice(userId: string, ticked: boolean): Promise<boolean | null> {
  return ticked === (await isAnimatorSomewhere(db(), userId)) ? null : ticked;
}

export const actions: Actions = {
  save: async ({ locals, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    const levels = Object.fromEntries(
      profileFields
        .map((name) => [name, form.get(`${name}_visibility`)] as const)
        .filter((entry): entry is [ProfileField, (typeof visibilityLevels)[number]] => visibilityLevels.includes(entry[1] as never))
    );
    try {
      await updateProfile(db(), user, {
        handle: field(form, 'handle'),
        pronouns: field(form, 'pronouns') ?? '',
        organisation: field(form, 'organisation') ?? '',
        organisationType: organisationTypes.find((type) => type === form.get('organisationType')),
        discipline: field(form, 'discipline') ?? '',
        region: field(form, 'region') ?? '',
        languages: tagList(field(form, 'languages')),
        expertise: tagList(field(form, 'expertise')),
        interests: tagList(field(form, 'interests')),
        bio: field(form, 'bio') ?? '',
        links: (field(form, 'links') ?? '').split(/\s+/).filter(Boolean),
        visibility: levels,
        // An unticked box is "no"; a box left as the default stays the default (so an animator-to-be
        // who never touched it is suggested once they animate).
        suggestMe: form.has('suggest_me_shown') ? await suggestChoice(user.id, form.get('suggest_me') === 'on') : undefined
      });
    } catch (error) {
      return formFailure(error, locals.locale, echoAll(form));
    }
    return { saved: true };
  },
  avatar: async ({ locals, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    const level = visibilityLevels.find((option) => option === form.get('avatar_visibility'));
    try {
      const chosen = await formFile(form, 'avatar');
      if (chosen) await setAvatar(db(), user, chosen);
      if (level) await updateProfile(db(), user, { visibility: { avatar: level } });
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    return { saved: true };
  },
  removeAvatar: async ({ locals, url }) => {
    const user = requireSignedIn(locals.user, url);
    await setAvatar(db(), user, null);
    return { avatarRemoved: true };
  }
};
