import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { startThread } from './threads.js';

describe('worker threads', () => {
  it("run only Convene's own TypeScript modules", async () => {
    const worker = startThread(new URL('file:///tmp/elsewhere.ts'));
    const [err] = (await once(worker, 'error')) as [Error];
    expect(err.message).toMatch(/runs one of Convene's own modules, not file:\/\/\/tmp\/elsewhere\.ts/);
  });
});
