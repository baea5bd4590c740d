import type { Database } from '@keeper/db';
import { AuthService } from '../auth/auth-service.js';
import { MemoryRateLimiter } from '../auth/rate-limiter.js';
import type { ResolvedConfig } from '../config/schema.js';
import { PrismaClient } from '../generated/prisma/client.js';

/** `keeper admin create`: adds an admin agent directly in the database (migrations must be applied). */
export async function createAdmin(
  db: Database,
  config: ResolvedConfig,
  input: { email: string; password: string; name: string },
): Promise<{ id: string; email: string }> {
  const prisma = new PrismaClient({ adapter: db.adapterFactory({ schema: 'keeper_core' }) });
  try {
    const auth = new AuthService(prisma, db, new MemoryRateLimiter(), config.auth);
    const agent = await auth.createAgent({ ...input, role: 'admin' });
    return { id: agent.id, email: agent.email };
  } finally {
    await prisma.$disconnect();
  }
}
