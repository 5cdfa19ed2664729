import { LRUCache } from 'lru-cache';

/** Counts for an area, keyed by the caller (area, and whatever else they depend on). */
export type Figures = Record<string, unknown>;
export type KeptFigures = <T extends Figures>(key: string, compute: () => Promise<T>) => Promise<T & { asOf: string }>;

/**
 * Area figures are the same for everyone in the area who may see them (counts, never people) and
 * are counted over every report there (1.6 s for the dashboard at a million reports): each is kept
 * for `seconds`, stamped with when it was counted, and counted once however many ask meanwhile.
 */
export function areaFigures(seconds: number): KeptFigures {
  const count = async <T extends Figures>(compute: () => Promise<T>) => ({ ...(await compute()), asOf: new Date().toISOString() });
  if (seconds === 0) return ((_key: string, compute: () => Promise<Figures>) => count(compute)) as KeptFigures;
  const kept = new LRUCache<string, Figures, () => Promise<Figures>>({ max: 1000, ttl: seconds * 1000, fetchMethod: (_key, _stale, { context }) => count(context) });
  return (async (key: string, compute: () => Promise<Figures>) => (await kept.fetch(key, { context: compute }))!) as KeptFigures;
}

