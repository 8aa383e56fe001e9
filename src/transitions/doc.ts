import prettier from 'prettier';
import { transitionsMarkdown } from './markdown.js';

export const TRANSITIONS_DOC = new URL('../../docs/transitions.md', import.meta.url);

/** docs/transitions.md exactly as committed: the generated markdown, formatted with the repository's settings. */
export async function formattedTransitionsDoc(): Promise<string> {
  const options = (await prettier.resolveConfig(TRANSITIONS_DOC)) ?? {};
  return prettier.format(transitionsMarkdown(), { ...options, parser: 'markdown' });
}
