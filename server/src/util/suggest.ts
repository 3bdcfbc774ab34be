/** Returns the candidate closest to `name` when it is close enough to be a likely typo. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const other = candidate.toLowerCase();
    // The distance is at least the difference in length: such a candidate can neither win nor tie.
    const bound = Math.min(limit, bestDistance);
    if (Math.abs(other.length - lower.length) > bound) continue;
    // A difference in case only is the likeliest typo of all.
    const distance = other === lower ? 0.5 : editDistance(lower, other, bound);
    if (
      distance < bestDistance ||
      (distance === bestDistance && best !== undefined && candidate < best)
    ) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. Once
 * every alignment costs more than `bound`, it returns a number above `bound` without finishing.
 */
export function editDistance(a: string, b: string, bound = Infinity): number {
  if (Math.abs(a.length - b.length) > 8) return Math.abs(a.length - b.length);
  const rows = a.length + 1;
  const columns = b.length + 1;
  const table = new Array<number>(rows * columns).fill(0);
  for (let i = 0; i < rows; i++) table[i * columns] = i;
  for (let j = 0; j < columns; j++) table[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        table[(i - 1) * columns + j]! + 1,
        table[i * columns + j - 1]! + 1,
        table[(i - 1) * columns + j - 1]! + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, table[(i - 2) * columns + j - 2]! + 1);
      }
      table[i * columns + j] = value;
    }
    // A swap reaches back two rows, so both rows must exceed the bound.
    if (
      i > 1 &&
      rowMinimum(table, i, columns) > bound &&
      rowMinimum(table, i - 1, columns) > bound
    ) {
      return bound + 1;
    }
  }
  return table[rows * columns - 1]!;
}

function rowMinimum(table: readonly number[], row: number, columns: number): number {
  let minimum = Infinity;
  for (let j = 0; j < columns; j++) minimum = Math.min(minimum, table[row * columns + j]!);
  return minimum;
}
