-- The agent inbox sorts conversations by last_activity_at, which every message moves. Indexed directly, no
-- conversation update could be HOT: each message added five index entries (three of them for the inbox). The
-- inbox indexes now cover activity_slot, last_activity_at binned to 10 s, which PostgreSQL computes; a
-- conversation's update changes it at most once per 10 s, so the others are HOT (no index entries). The inbox
-- query orders by (activity_slot, last_activity_at, id): the same order as before, since the slot only
-- grows with the time, read through the slot index with an incremental sort inside a slot.

-- DropIndex
DROP INDEX "keeper_core"."conversations_assignee_id_last_activity_at_idx";

-- DropIndex
DROP INDEX "keeper_core"."conversations_last_activity_at_id_idx";

-- DropIndex
DROP INDEX "keeper_core"."conversations_status_last_activity_at_idx";

-- Room on each page for the new version of an updated row: a HOT update needs it on the same page. Set
-- first: adding the stored column rewrites the table, with this fill.
ALTER TABLE "keeper_core"."conversations" SET (fillfactor = 70);

-- AlterTable
ALTER TABLE "keeper_core"."conversations" ADD COLUMN "activity_slot" TIMESTAMPTZ(6)
  GENERATED ALWAYS AS (date_bin('10 seconds', "last_activity_at", TIMESTAMPTZ '2000-01-01 00:00:00+00')) STORED;

-- CreateIndex
CREATE INDEX "conversations_activity_slot_idx" ON "keeper_core"."conversations"("activity_slot" DESC);

-- CreateIndex
CREATE INDEX "conversations_status_activity_slot_idx" ON "keeper_core"."conversations"("status", "activity_slot" DESC);

-- CreateIndex
CREATE INDEX "conversations_assignee_id_activity_slot_idx" ON "keeper_core"."conversations"("assignee_id", "activity_slot" DESC);
