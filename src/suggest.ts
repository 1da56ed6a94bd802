/**
 * "Did you mean": the one name a typo most likely meant, by edit distance (damerau-levenshtein, loaded only when a
 * name was not found), where a swap of two neighbouring letters counts as one edit like an insertion, a deletion or
 * a substitution (`chian` meant `chain`: plain Levenshtein would count two, too many for a five-letter word).
 * Suggested only when it is clearly the closest: within a third of the typed name's length (at least one edit, never
 * all of it; a difference of letter case alone counts as none), and strictly closer than every other candidate. Two
 * names equally close, or none close enough, suggest nothing: a wrong guess is worse than none.
 */
export function closestName(typed: string, candidates: Iterable<string>): string | undefined {
  const editDistance = require('damerau-levenshtein') as typeof import('damerau-levenshtein');
  const distance = (a: string, b: string) => editDistance(a, b).steps;
  const limit = Math.min(Math.max(1, Math.floor(typed.length / 3)), typed.length - 1);
  let best: string | undefined;
  let bestDistance = Infinity;
  let tied = false;
  for (const candidate of new Set(candidates)) {
    if (candidate === typed || candidate === '') continue;
    const d = distance(typed.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      [best, bestDistance, tied] = [candidate, d, false];
    } else if (d === bestDistance) {
      tied = true;
    }
  }
  return best !== undefined && !tied && bestDistance <= limit ? best : undefined;
}

/** How a sentence about a name that was not found ends: `; did you mean "x"?` when one is clearly meant, else ".". */
export function didYouMeanEnd(typed: string, candidates: Iterable<string>, show: (name: string) => string = (name) => `"${name}"`): string {
  const meant = closestName(typed, candidates);
  return meant === undefined ? '.' : `; did you mean ${show(meant)}?`;
}
