// The little of citation-js 0.8 that citations.ts uses; the packages ship no TypeScript types.

declare module '@citation-js/core' {
  /** CSL-JSON items as citation-js hands them over; citations.ts checks every field before keeping it. */
  type CslData = Record<string, unknown>[];

  export const plugins: {
    input: {
      /** Parses synchronously; `forceType` names the input format, so nothing is guessed (or fetched). */
      chain(input: unknown, options: { forceType: string; generateGraph?: boolean; strict?: boolean }): CslData;
    };
    output: {
      format(name: string, data: CslData, options?: Record<string, unknown>): string;
    };
  };

  export const logger: {
    level: string;
    /** Every message ever logged, whatever the level. */
    _log: unknown[];
  };
}

// Imported for their side effect: each registers its formats with the core.
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-ris';
declare module '@citation-js/plugin-csl';
