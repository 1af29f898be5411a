/** Names listed in an error message: all of them, or the first 40 and the count. */
export function listed(names: readonly string[]): string {
  const shown = names.slice(0, 40).join(', ');
  return names.length > 40 ? `${shown}, … (${names.length} in all)` : shown;
}
