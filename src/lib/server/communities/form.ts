// Reads the community form (creation and settings pages) into the shape the domain validates.
import { field, tagList } from '../http/forms';

export function communityFormInput(form: FormData) {
  const text = (name: string) => field(form, name) ?? null;
  return {
    name: field(form, 'name') ?? '',
    description: field(form, 'description') ?? '',
    visibility: field(form, 'visibility') as 'public',
    joinPolicy: field(form, 'joinPolicy') as 'open',
    joinQuestion: text('joinQuestion'),
    languages: field(form, 'languages') as 'fr',
    themes: tagList(field(form, 'themes')),
    regions: tagList(field(form, 'regions')),
    partners: tagList(field(form, 'partners')),
    mission: text('mission'),
    vision: text('vision'),
    values: text('values'),
    objectives: text('objectives'),
    notStatement: text('notStatement'),
    welcomeMessage: text('welcomeMessage')
  };
}
