import { getRandomValues } from 'node:crypto';
import { v7 } from 'uuid';

/**
 * A new record's id: a time-ordered UUID (version 7). New rows then land at the end of each
 * id index instead of on a random page of it, so a write touches (and logs) a page or two that
 * are already in memory rather than one page per index picked at random from millions.
 * Ids are not secrets (every read goes through the access policy); tokens use newSecret.
 *
 * The random bits are drawn 4 KiB at a time: the library draws 16 bytes for every id, a call into
 * the system each time, about a twentieth of report intake's server time. Ids made in the same
 * millisecond count up from a random start, as the library's own do, so each sorts after the last.
 */
const pool = new Uint8Array(4096);
let used = pool.length;
const clock = { msecs: -Infinity, seq: 0 };

export const newId = (): string => {
  if (used === pool.length) {
    getRandomValues(pool);
    used = 0;
  }
  const random = pool.subarray(used, (used += 16));
  const now = Date.now();
  if (now > clock.msecs) {
    clock.msecs = now;
    clock.seq = ((random[6] & 0x7f) << 24) | (random[7] << 16) | (random[8] << 8) | random[9];
  } else if ((clock.seq = (clock.seq + 1) | 0) === 0) clock.msecs++;
  return v7({ random, msecs: clock.msecs, seq: clock.seq });
};
