/** Text made literal inside a RegExp (safe with the `u` flag, which refuses needless escapes). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
