// Pages are usable before their scripts arrive, so on a slow phone a member may start filling a form
// that hydration then resets to the values the server rendered. We remember every field changed
// before hydration and put the member's values back once the page has come alive.
type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
type Kept = { value: string; checked: boolean };

const kept = new Map<Field, Kept>();

function isField(target: EventTarget | null): target is Field {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

function changedByMember(field: Field): boolean {
  if (field instanceof HTMLSelectElement) return [...field.options].some((option) => option.selected !== option.defaultSelected);
  if (field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio')) return field.checked !== field.defaultChecked;
  return field.value !== field.defaultValue;
}

function keep(field: Field) {
  if (field instanceof HTMLInputElement && (field.type === 'file' || field.type === 'hidden')) return;
  kept.set(field, { value: field.value, checked: field instanceof HTMLInputElement && field.checked });
}

function onEdit(event: Event) {
  if (isField(event.target)) keep(event.target);
}

/** Before hydration: notes the fields already changed, and every change until `restoreEarlyTyping`. */
export function watchEarlyTyping(): void {
  for (const field of document.querySelectorAll<Field>('input, textarea, select')) if (changedByMember(field)) keep(field);
  document.addEventListener('input', onEdit, true);
  document.addEventListener('change', onEdit, true);
}

/** After hydration: gives the member's values back to the fields hydration reset, and tells the page. */
export function restoreEarlyTyping(): void {
  document.removeEventListener('input', onEdit, true);
  document.removeEventListener('change', onEdit, true);
  for (const [field, { value, checked }] of kept) {
    if (!field.isConnected) continue;
    const isToggle = field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio');
    if (isToggle ? field.checked === checked : field.value === value) continue;
    if (isToggle) field.checked = checked;
    else field.value = value;
    field.dispatchEvent(new Event(isToggle || field instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  }
  kept.clear();
}
