-- Sensitive-word filter: audit log of hits and lists replaced at runtime.
CREATE SCHEMA IF NOT EXISTS "keeper_sensitive_words";

CREATE TABLE "keeper_sensitive_words"."hit" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "conversation_id" TEXT NOT NULL,
    "client_message_id" TEXT,
    "author_type" TEXT NOT NULL,
    "author_id" TEXT,
    "word" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "matched" TEXT NOT NULL,
    CONSTRAINT "hit_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "hit_conversation_id_id_idx" ON "keeper_sensitive_words"."hit"("conversation_id", "id");
CREATE INDEX "hit_word_id_idx" ON "keeper_sensitive_words"."hit"("word", "id");
CREATE INDEX "hit_created_at_idx" ON "keeper_sensitive_words"."hit"("created_at");

CREATE TABLE "keeper_sensitive_words"."word_list" (
    "name" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "updated_by" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "word_list_pkey" PRIMARY KEY ("name")
);
