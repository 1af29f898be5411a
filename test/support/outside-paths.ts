// Finds references to paths outside the repository in source text: a clone
// has nothing beside it, so nothing may read from there.
import path from 'node:path';

/** One offending reference: the file, its 1-based line and what was found. */
export interface OutsideReference {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly why: string;
}

// `path.join(__dirname, '..', '..')`, `path.resolve(import.meta.dirname, '..')`,
// `os.path.join(os.path.dirname(__file__), "..")`: a start at the file's own
// folder, then a run of '..' arguments.
const HERE_THEN_UP =
  /(?:__dirname|import\.meta\.dirname|os\.path\.dirname\(__file__\)|dirname\(__file__\))((?:\s*,\s*(['"])\.\.\2)+)/g;
// Python and shell scripts here run from their own folder: `os.path.join("..", "..")`.
const CWD_THEN_UP = /os\.path\.join\(\s*((?:(['"])\.\.\2\s*,?\s*)+)/g;
// A quoted relative path that starts by going up, such as '../../x'.
const RELATIVE_LITERAL = /(['"`])((?:\.\.\/)+)[^'"`\s]*\1/g;
// Names that only exist outside a clone: the project's shared folder, the
// developers' work tree.
const KNOWN_OUTSIDE = /(?:\.\.\/+shared\b|(['"])shared\1\s*,\s*(['"])reference\2|\/work\/(?:main|shared)\b)/g;

/** How many folders `file` (relative to the root) sits below the repository root. */
function depthOf(file: string): number {
  return path.posix
    .dirname(file.split(path.sep).join('/'))
    .split('/')
    .filter((p) => p && p !== '.').length;
}

/**
 * The references in `text` (the content of `file`, a path relative to the
 * repository root) that point outside the repository.
 */
export function outsideReferences(file: string, text: string): OutsideReference[] {
  const depth = depthOf(file);
  const found: OutsideReference[] = [];
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  const add = (index: number, match: string, why: string) =>
    found.push({ file, line: lineOf(index), text: match.trim(), why });

  for (const m of text.matchAll(HERE_THEN_UP)) {
    const ups = ((m[1] ?? '').match(/\.\./g) ?? []).length;
    if (ups > depth) add(m.index, m[0], `${ups} levels up from a folder ${depth} below the root`);
  }
  for (const m of text.matchAll(CWD_THEN_UP)) {
    const ups = ((m[1] ?? '').match(/\.\./g) ?? []).length;
    if (ups > depth) add(m.index, m[0], `${ups} levels up from a folder ${depth} below the root`);
  }
  for (const m of text.matchAll(RELATIVE_LITERAL)) {
    const ups = ((m[2] ?? '').match(/\.\./g) ?? []).length;
    if (ups > depth) add(m.index, m[0], `${ups} levels up from a folder ${depth} below the root`);
  }
  for (const m of text.matchAll(KNOWN_OUTSIDE))
    add(m.index, m[0], 'names a folder that only exists outside a clone');
  return found;
}
