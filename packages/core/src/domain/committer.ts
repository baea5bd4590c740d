import type { Database } from '@keeper/db';
import type { MessageDraft } from '@keeper/sdk';
import type { MessageCommitter } from './message-service.js';
import { type WriteResult, writeMessages } from './message-writer.js';

/**
 * Group commit: concurrent sends queue up while one transaction is in flight and go together in
 * the next, so one COMMIT (one fsync) serves many messages. Each caller resolves only after the
 * COMMIT that holds its message; if that transaction fails, every caller in it gets the error.
 */
export class GroupCommitter implements MessageCommitter {
  private queue: Array<{ draft: MessageDraft; resolve: (r: WriteResult) => void; reject: (e: unknown) => void }> = [];
  private running = false;

  constructor(
    private readonly db: Database,
    private readonly maxBatch = 256,
  ) {}

  submit(draft: MessageDraft): Promise<WriteResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ draft, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const results = await this.db.transaction((tx) => writeMessages(tx, batch.map((b) => b.draft)));
          batch.forEach((item, i) => item.resolve(results[i]!));
        } catch (error) {
          for (const item of batch) item.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
