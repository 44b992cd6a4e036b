// The translated sentence for an account form's failure (see accountFailure on the server).
import { t } from '$lib/i18n/t';
import { limits } from '$lib/shared/limits';
import type { MessageKey } from '$lib/i18n';

export type AccountFailure = { error?: string | null; field?: string | null; retryAfter?: number | null };

export function failureText(form: AccountFailure | null | undefined): string | null {
  if (!form?.error) return null;
  const minutes = Math.max(1, Math.ceil((form.retryAfter ?? 60) / 60));
  return t(`auth.errors.${form.error}` as MessageKey, { minutes, min: limits.passwordMin, max: limits.passwordMax });
}

/** The failure text when it belongs to this field, for the field's own error line. */
export function fieldError(form: AccountFailure | null | undefined, field: string): string | null {
  return form?.field === field ? failureText(form) : null;
}

/** The failure text when it belongs to no field, for the form's own error line. */
export function formError(form: AccountFailure | null | undefined): string | null {
  return form?.error && !form.field ? failureText(form) : null;
}
