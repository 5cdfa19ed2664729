#!/usr/bin/env node
// `npm start` runs this with --max-semi-space-size=64: a server allocates many short-lived objects per
// request, and a young generation of 64 MiB a half (16 by default) is collected less often (see
// docs/ARCHITECTURE.md, Measuring performance). Not set here: `env -S` in the first line is not portable.
// The convene command: runs the TypeScript sources through tsx's loader (no separate build step).
import { register } from 'tsx/esm/api';
register();
await import('../src/cli.ts');
