// What /initiatives and a community's Initiatives tab both show: one page of the list (by region,
// filtered by theme and region), the filters' choices, and the map's points when a tile server is
// configured (none are read otherwise: the page is then the list alone).
import type { Actor } from '$lib/server/auth/actor';
import { db } from '$lib/server/db';
import { initiativeFacets, initiativeLimits, listInitiatives, mapPoints } from '$lib/server/initiatives';
import { pageQuery } from '$lib/server/api/pagination';
import { mapTiles } from '$lib/server/config';

const pageSize = 30;

/** `?theme=&region=&cursor=` as typed in an address: blank or over-long values read as no filter. */
function filtersOf(url: URL): { theme?: string; region?: string } {
  const value = (name: string, max: number) => {
    const raw = url.searchParams.get(name)?.trim();
    return raw && raw.length <= max ? raw : undefined;
  };
  return { theme: value('theme', initiativeLimits.themeMax), region: value('region', initiativeLimits.regionMax) };
}

export async function initiativesPage(actor: Actor | null, url: URL, community?: string) {
  const filters = filtersOf(url);
  const page = pageQuery.catch({ limit: pageSize }).parse({ cursor: url.searchParams.get('cursor') || undefined, limit: pageSize });
  const tiles = mapTiles();
  const [list, facets, map] = await Promise.all([
    listInitiatives(db(), actor, { ...filters, community, ...page }),
    initiativeFacets(db(), actor, { community }),
    tiles ? mapPoints(db(), actor, { ...filters, community }) : null
  ]);
  return {
    filters,
    initiatives: list,
    facets,
    tiles,
    // Only what a marker needs: its place, and its title for the popup's link.
    map: map ? { capped: map.capped, points: map.points.map(({ id, title, latitude, longitude }) => ({ id, title, latitude: latitude!, longitude: longitude! })) } : null
  };
}
