import type { LayoutServerLoad } from './$types';
import { db } from '$lib/server/db';
import { getForm } from '$lib/server/forms';
import { findCommunityView } from '$lib/server/communities';
import { orPageError } from '$lib/server/http/pages';
import { DomainError } from '$lib/server/errors';
import { pageQuestions } from '$lib/server/http/survey-form';

// Every page of a survey starts here: one the visitor may not read is a 404, exactly as one that
// does not exist (a draft for a member, any form of a private community for an outsider).
export const load: LayoutServerLoad = async ({ locals, params, url }) =>
  orPageError(async () => {
    // Read again whenever the query changes (?delete, ?thanks): the counts it shows must be current.
    void url.search;
    const survey = await getForm(db(), locals.user, params.id);
    // An event's feedback form is the event's to show: its organiser from elsewhere may not see a
    // hidden host community, and is told no more of it than the form already says.
    const community = await findCommunityView(db(), locals.user, survey.community.slug).catch((error) => {
      if (survey.subject && error instanceof DomainError && error.code === 'not_found') return { ...survey.community, languages: [survey.language] };
      throw error;
    });
    return { survey, community: { slug: community.slug, name: community.name, languages: community.languages }, questions: pageQuestions(survey.definition, locals.locale) };
  });
