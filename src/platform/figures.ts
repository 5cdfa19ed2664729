import { LRUCache } from 'lru-cache';

/** Counts for an area, keyed by the caller (area, and whatever else they depend on). */
export type Figures = Record<string, unknown>;
export type KeptFigures = <T extends Figures>(key: string, compute: () => Promise<T>) => Promise<T & { asOf: string }>;

type Counted = Figures & { asOf: string };

/**
 * Area figures are the same for everyone in the area who may see them (counts, never people) and
 * are counted over every report there (1.6 s for the dashboard at a million reports): each is kept
 * for `seconds`, stamped with when it was counted, and counted once however many ask meanwhile.
 * Once half its time has passed, a reader still gets it at once and it is counted again behind
 * them, so figures read at least that often are never waited for after the first time.
 */
export function areaFigures(seconds: number): KeptFigures {
  const count = async <T extends Figures>(compute: () => Promise<T>) => ({ ...(await compute()), asOf: new Date().toISOString() });
  if (seconds === 0) return ((_key: string, compute: () => Promise<Figures>) => count(compute)) as KeptFigures;
  const kept = new LRUCache<string, Counted>({ max: 1000, ttl: seconds * 1000 });
  const counting = new Map<string, Promise<Counted>>();
  const recount = (key: string, compute: () => Promise<Figures>) => {
    let c = counting.get(key);
    if (!c) {
      c = count(compute)
        .then((figures) => {
          kept.set(key, figures);
          return figures;
        })
        .finally(() => counting.delete(key));
      counting.set(key, c);
    }
    return c;
  };
  return (async (key: string, compute: () => Promise<Figures>) => {
    const figures = kept.get(key);
    if (!figures) return recount(key, compute);
    // A failed recount behind a reader leaves the kept figures to their time.
    if (Date.now() - Date.parse(figures.asOf) >= seconds * 500) recount(key, compute).catch(() => undefined);
    return figures;
  }) as KeptFigures;
}
