/** Edit distance (Levenshtein) between two strings. */
function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** A name as compared for "did you mean": case, spaces, dashes, underscores and slashes ignored. */
export function looseName(name: string): string {
  return name.toLowerCase().replace(/[\s_\-/.]/g, '');
}

/**
 * The candidate closest to `name` — the same but for case and spacing, or within a third of its
 * length in edits, or containing it — for a "did you mean" hint; undefined when none is close.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const wanted = looseName(name);
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const loose = looseName(candidate);
    let score = editDistance(wanted, loose);
    if (loose.includes(wanted) || wanted.includes(loose)) score = Math.min(score, 1 + Math.abs(loose.length - wanted.length) / 4);
    if (score < bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  return best !== undefined && bestScore <= Math.max(1, Math.ceil(wanted.length / 3)) ? best : undefined;
}
