#!/usr/bin/env -S node --max-semi-space-size=64
// --max-semi-space-size: a server allocates many short-lived objects per request; a young generation of
// 64 MiB a half (16 by default) is collected less often (`npm run bench:api`: server CPU per request
// 0.64–0.70 ms instead of 0.75–0.89, 6–18 % more requests a second). `npm start` passes it too.
// The convene command: runs the TypeScript sources through tsx's loader (no separate build step).
import { register } from 'tsx/esm/api';
register();
await import('../src/cli.ts');
