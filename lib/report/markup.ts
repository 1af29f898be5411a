/** Text made safe inside SVG and HTML markup (element text and quoted attributes). */
export function escapeMarkup(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
