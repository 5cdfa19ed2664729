/**
 * A worker thread of a parallel bulk linkage (see ./parallel.ts for the steps): prepares its slice of
 * the records and their blocking key codes, takes the other threads' prepared slices, compares its share
 * of the blocked pairs, and scores them once the main thread has estimated the parameters.
 */
import { parentPort } from 'node:worker_threads';
import type { Blocks } from './blocking.js';
import { keyCodes } from './blocking.js';
import { comparePairs, patternsOf, randomPatterns, scorePairs, termFrequencies, type PairSet } from './linker.js';
import type { LinkParams, TermFrequencies } from './model.js';
import { prepare, type Prepared } from './record.js';
import { packPrepared, unpackPrepared, type ToWorker } from './parallel-protocol.js';

if (!parentPort) throw new Error('parallel-worker.ts runs as a worker thread only');
const port = parentPort;

let all: Prepared[] = [];
let mine: { from: number; recs: Prepared[] } | null = null;
let ps: PairSet | null = null;
let tf: TermFrequencies | null = null;

function onMessage(msg: ToWorker) {
  switch (msg.type) {
    case 'prepare': {
      const [given, surname, dob, house, street, town, postcode, phone, email, idNumber] = msg.fields;
      const count = msg.to - msg.from;
      const recs: Prepared[] = new Array(count);
      for (let r = 0; r < count; r++) {
        // One object shape for every record, so prepare's field reads stay fast.
        recs[r] = prepare({
          id: '',
          givenName: given[r],
          surname: surname[r],
          dob: dob[r],
          houseNumber: house[r],
          street: street[r],
          town: town[r],
          postcode: postcode[r],
          phone: phone[r],
          email: email[r],
          idNumber: idNumber[r],
        });
      }
      mine = { from: msg.from, recs };
      const codes = keyCodes(recs, msg.from, msg.n);
      const packed = packPrepared(recs);
      port.postMessage({ type: 'prepared', codes, packed }, [codes.buffer as ArrayBuffer]);
      return;
    }
    case 'records': {
      // The other threads' slices; this worker's own slice it prepared itself.
      all = new Array(msg.n);
      if (mine) for (let r = 0; r < mine.recs.length; r++) all[mine.from + r] = mine.recs[r];
      for (const part of msg.parts) {
        if (mine && part.from === mine.from) continue;
        const recs = unpackPrepared(part.packed);
        for (let r = 0; r < recs.length; r++) all[part.from + r] = recs[r];
      }
      mine = null;
      port.postMessage({ type: 'ready' });
      return;
    }
    case 'compare': {
      ps = comparePairs(all, msg.nLeft, msg.blocks as Blocks, msg.part);
      let random: [string, number][] | null = null;
      if (msg.random) {
        const left = msg.nLeft === null ? all : all.slice(0, msg.nLeft);
        const right = msg.nLeft === null ? all : all.slice(msg.nLeft);
        random = [...randomPatterns(left, right, msg.random)];
      }
      port.postMessage({ type: 'compared', patterns: [...patternsOf(ps)], random, compared: ps.count });
      // Term frequencies are needed only to score; counted now, while the main thread runs EM.
      tf = termFrequencies(all);
      return;
    }
    case 'score': {
      const found = scorePairs(all, ps!, msg.params as LinkParams, tf ?? termFrequencies(all), msg.threshold);
      port.postMessage({ type: 'scored', ...found }, [found.left.buffer as ArrayBuffer, found.right.buffer as ArrayBuffer, found.probability.buffer as ArrayBuffer]);
      ps = null;
      return;
    }
  }
}

port.on('message', (msg: ToWorker) => {
  try {
    onMessage(msg);
  } catch (err) {
    port.postMessage({ type: 'error', message: err instanceof Error ? `${err.message}\n${err.stack}` : String(err) });
  }
});
