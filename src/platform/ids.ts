import { v7 } from 'uuid';

/**
 * A new record's id: a time-ordered UUID (version 7). New rows then land at the end of each
 * id index instead of on a random page of it, so a write touches (and logs) a page or two that
 * are already in memory rather than one page per index picked at random from millions.
 * Ids are not secrets (every read goes through the access policy); tokens use newSecret.
 */
export const newId = (): string => v7();
