// Deterministic UUIDv7 ids: the 48-bit millisecond part counts up from a base instant, so ids are unique within a
// dataset and ordered as they are made (like Prisma's uuid(7), which keeps the B-trees appending at their right
// edge); the random bits come from the seeded generator, so the same seed gives the same ids.
import type { Rng } from '../../prisma/seed/random.ts';

function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, '0');
}

export function createIdFactory(baseMs: number, rng: Rng): () => string {
  let sequence = 0;
  return () => {
    const time = hex(baseMs + Math.floor(sequence / 4096), 12);
    const counter = sequence++ % 4096;
    const variant = 0x8000 | Math.floor(rng.next() * 0x4000);
    const node = hex(Math.floor(rng.next() * 0x1000000), 6) + hex(Math.floor(rng.next() * 0x1000000), 6);
    return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(counter, 3)}-${hex(variant, 4)}-${node}`;
  };
}
