// One JSON line per event on stdout. Callers pass only what is safe to keep: never secrets or tokens.
type Fields = Record<string, string | number | boolean | null | undefined>;

export function log(event: string, fields: Fields = {}): void {
  if (process.env.RUCHE_LOG === 'off') return;
  process.stdout.write(`${JSON.stringify({ t: new Date().toISOString(), event, ...fields })}\n`);
}
