// Full-text search (issue 17). The domains call the index* functions in the transaction of their
// writes; pages and the API call `search`; `ruche search reindex` calls `reindexAll`.
export { indexAnswer, indexComment, indexCommunity, indexEvent, indexMember, indexMessage, indexPost, indexResource } from './documents';
export { search, searchQuery, searchTypes, type SearchHit, type SearchQuery, type SearchResult, type SearchType } from './search';
export { reindexAll, sweepOrphans, type ReindexProgress } from './reindex';
export { helpersQuery, suggestHelpers, type Helper, type HelperReason, type Helpers } from './helpers';
