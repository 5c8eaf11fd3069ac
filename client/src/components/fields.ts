/**
 * What a form control's event carries. Vue types `$event` as a plain Event; these read the control
 * that fired it, checked rather than cast (an event from anything else gives '', false or null).
 */
export const valueOf = (e: Event): string => (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement ? e.target.value : '');
export const checkedOf = (e: Event): boolean => e.target instanceof HTMLInputElement && e.target.checked;
export const fileOf = (e: Event): File | null => (e.target instanceof HTMLInputElement ? (e.target.files?.[0] ?? null) : null);
