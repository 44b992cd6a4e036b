// The shared repertoire: resources, their revisions and engagement, notebooks, lists, references.
export * from './schemas';
export * from './resources';
export * from './reading';
export * from './engagement';
export * from './lists';
export * from './notebooks';
export * from './references';
export { linkedIds } from './content';
