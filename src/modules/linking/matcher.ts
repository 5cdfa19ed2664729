import type { PersonIdentifiers } from './store.js';

/** A candidate the matcher found, with the evidence that explains its score. */
export interface MatchCandidate {
  id: string;
  probability: number;
  weight: number;
  evidence: { field: string; level: string; weight: number; left?: string; right?: string }[];
}

/**
 * The real-time person index: built from the database at start-up, updated on every write.
 * The linking engine (./engine) implements it; the service depends only on this shape.
 */
export interface PersonMatcher {
  readonly size: number;
  readonly paramsVersion: string;
  add(p: PersonIdentifiers): void;
  remove(id: string): void;
  match(p: PersonIdentifiers, opts: { threshold: number; limit: number }): MatchCandidate[];
}
