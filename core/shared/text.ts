/**
 * Text PostgreSQL can store: no NUL character (text and jsonb refuse it) and no unpaired
 * UTF-16 surrogate (it has no UTF-8 form). Input that breaks this is refused at the edge (HTTP:
 * 400) or cleaned (chat: what a platform delivered is kept as readable as it can be).
 */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}

/** `text` without NUL characters, unpaired surrogates replaced by U+FFFD. */
export function storableText(text: string): string {
  return text.replaceAll('\u0000', '').toWellFormed();
}

/** The path of the first string in `value` (walked through objects and arrays) that is not storable, or null. */
export function unstorableTextAt(value: unknown, path: Array<string | number> = []): Array<string | number> | null {
  if (typeof value === 'string') return isStorableText(value) ? null : path;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = unstorableTextAt(item, [...path, index]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = unstorableTextAt(key, [...path, key]) ?? unstorableTextAt(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}
