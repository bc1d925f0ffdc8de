/** Limits for `mapOrderedWithinBudget`. */
export interface BudgetLimits<T> {
  /** Calls in flight, at most. */
  concurrency: number;
  /** Total cost of the calls in flight, at most; one item over budget on its own still runs, alone. */
  budget: number;
  /** What an item costs while its call is in flight (for reads: the bytes it may hold). */
  cost: (item: T) => number;
}

/**
 * Like `mapOrdered` (util/concurrency), with a second bound: the summed cost of the items whose results
 * have not been handed on yet (a result counts until the consumer asks for the next one). Read-ahead by file count alone holds six files whatever their size; six
 * 900 MB files are 5 GB. Items still start in input order: a costly one waits for room instead of being
 * overtaken, so results keep their order without holding more.
 */
export async function* mapOrderedWithinBudget<T, R>(
  items: Iterable<T>,
  limits: BudgetLimits<T>,
  fn: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const pending: Array<{ promise: Promise<R>; cost: number }> = [];
  let inFlight = 0;
  const iterator = items[Symbol.iterator]();
  let next = iterator.next();
  const fill = (): void => {
    while (!next.done && pending.length < limits.concurrency) {
      const cost = Math.max(0, limits.cost(next.value));
      if (pending.length > 0 && inFlight + cost > limits.budget) return;
      const promise = fn(next.value);
      promise.catch(() => undefined); // surfaced when awaited in order below
      pending.push({ promise, cost });
      inFlight += cost;
      next = iterator.next();
    }
  };
  fill();
  while (pending.length > 0) {
    const head = pending.shift() as { promise: Promise<R>; cost: number };
    const result = await head.promise;
    yield result;
    // Released only when the consumer asks for the next result: until then it still holds this one.
    inFlight -= head.cost;
    fill();
  }
}
