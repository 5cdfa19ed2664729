import pino, { type Logger } from 'pino';
import type { Config } from './config.js';

/** JSON logs; secrets and personal data in headers are redacted before they are written. */
export function createLogger(config: Config): Logger {
  return pino({
    level: config.LOG_LEVEL,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'body.password'], censor: '[redacted]' },
  });
}
