import argon2 from 'argon2';
import { z } from 'zod';

/** argon2id; the "low" cost exists only so test suites do not spend seconds hashing fixtures. */
export function hashPassword(password: string, cost: 'standard' | 'low'): Promise<string> {
  const opts = cost === 'low' ? { memoryCost: 1024, timeCost: 1, parallelism: 1 } : { memoryCost: 19456, timeCost: 2, parallelism: 1 };
  return argon2.hash(password, { type: argon2.argon2id, ...opts });
}

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) return false;
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** What a new password must be (a new member of staff's first one, or one they choose), the same everywhere. */
export const NewPassword = z.string().min(12, 'must be at least 12 characters').max(200);
