/**
 * The sibling order the tariffs' reduction reads (Enrollment.siblingRank): within one family and one
 * service and school year, the eldest enrolled child is rank 1 (full price), the next eldest 2, and so on.
 * Children born the same day keep a stable order by id. Who counts is the caller's choice (active enrollments).
 */
export function siblingRanks<T extends { id: string; birthDate: string }>(children: readonly T[]): Map<string, number> {
  const ordered = [...children].sort((a, b) => a.birthDate.localeCompare(b.birthDate) || a.id.localeCompare(b.id));
  return new Map(ordered.map((child, index) => [child.id, index + 1]));
}
