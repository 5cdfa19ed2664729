import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

/**
 * A scratch directory under the system's temporary directory, removed afterwards: when the test
 * that made it finishes, or, made while a file's tests are being collected (`'file'`), when they
 * are all done. Left behind, every run of the suite added a few more to a machine's disk.
 */
export function scratchDir(prefix: string, until: 'test' | 'file' = 'test'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  if (until === 'test') onTestFinished(remove);
  else afterAll(remove);
  return dir;
}
