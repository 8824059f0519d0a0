// How many operations one write command may carry. FerretDB 1.24 stops answering an update command
// of about 100 operations and more (measured here: 100 plain replacements in 63 ms, 101 still
// waiting after 5 s; 100 rows of `standings` waiting after 8 s), while 50 take a few ms each.
// Inserts are not affected: insertMany of 1,000 documents is answered at once.
export const UPDATE_BATCH = 50;

/** `items` in slices of at most `size`, in order. */
export function* slices<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
