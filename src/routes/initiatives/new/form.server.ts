// Reads the initiative form shared by /initiatives/new and /initiatives/[id]/edit into the input of
// createInitiative or updateInitiative. Coordinates are typed as people write them: "45,40" as
// well as "45.40"; what is not a number is refused here, next to its field.
import { invalid, type FieldIssue } from '$lib/server/errors';
import { echoAll, field, tagList } from '$lib/server/http/forms';
import type { LibraryVisibility } from '$lib/shared/library';

function coordinates(form: FormData): { latitude: number | null; longitude: number | null } {
  const issues: FieldIssue[] = [];
  const read = (name: 'latitude' | 'longitude') => {
    const raw = field(form, name);
    if (raw === undefined) return null;
    // A decimal comma, spaces and the typographic minus sign are all common in French.
    const normal = raw.replace(/\s/g, '').replace(',', '.').replace(/^\u2212/, '-');
    if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(normal)) {
      issues.push({ path: name, message: `initiatives.errors.${name}` });
      return null;
    }
    return Number(normal);
  };
  const position = { latitude: read('latitude'), longitude: read('longitude') };
  if (issues.length) throw invalid(issues);
  return position;
}

export function initiativeFields(form: FormData) {
  return {
    title: String(form.get('title') ?? ''),
    description: String(form.get('description') ?? ''),
    region: String(form.get('region') ?? ''),
    place: field(form, 'place') ?? null,
    ...coordinates(form),
    themes: tagList(field(form, 'themes')),
    visibility: (field(form, 'visibility') ?? 'instance') as LibraryVisibility,
    communities: form.getAll('communities').map(String),
    onBehalfOfOrganisation: form.get('onBehalfOfOrganisation') === 'on'
  };
}

/** What was typed, to give back after a failure (the checked communities and the box included). */
export function echoForm(form: FormData): Record<string, unknown> {
  return { ...echoAll(form), communities: form.getAll('communities').map(String), onBehalfOfOrganisation: form.get('onBehalfOfOrganisation') === 'on' };
}
