// Reading a failed form's values and per-field messages (see formFailure on the server).
export type Failed = { error?: string; issues?: Record<string, string> } & Record<string, unknown>;

export function issue(form: Failed | null | undefined, name: string): string | null {
  return form?.issues?.[name] ?? null;
}

export function typed(form: Failed | null | undefined, name: string, fallback = ''): string {
  const value = form?.[name];
  return typeof value === 'string' ? value : fallback;
}
