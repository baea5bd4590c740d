-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "keeper_core";

-- CreateEnum
CREATE TYPE "keeper_core"."AgentRole" AS ENUM ('admin', 'supervisor', 'agent');

-- CreateEnum
CREATE TYPE "keeper_core"."ConversationStatus" AS ENUM ('open', 'pending', 'closed');

-- CreateEnum
CREATE TYPE "keeper_core"."AuthorType" AS ENUM ('customer', 'agent', 'system', 'bot');

-- CreateEnum
CREATE TYPE "keeper_core"."SessionKind" AS ENUM ('agent', 'customer');

-- CreateTable
CREATE TABLE "keeper_core"."agents" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "keeper_core"."AgentRole" NOT NULL DEFAULT 'agent',
    "password_hash" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "max_concurrent" INTEGER NOT NULL DEFAULT 5,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "agents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "keeper_core"."customers" (
    "id" UUID NOT NULL,
    "name" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "external_ids" JSONB NOT NULL DEFAULT '{}',
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "keeper_core"."conversations" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "status" "keeper_core"."ConversationStatus" NOT NULL DEFAULT 'open',
    "assignee_id" UUID,
    "channel" TEXT NOT NULL DEFAULT 'web',
    "subject" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "last_seq" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_message_at" TIMESTAMPTZ(3),
    "last_activity_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "conversations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "keeper_core"."messages" (
    "id" UUID NOT NULL,
    "conversation_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "author_type" "keeper_core"."AuthorType" NOT NULL,
    "author_id" UUID,
    "body" TEXT NOT NULL,
    "annotations" JSONB NOT NULL DEFAULT '{}',
    "client_message_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "keeper_core"."sessions" (
    "id" UUID NOT NULL,
    "kind" "keeper_core"."SessionKind" NOT NULL,
    "subject_id" UUID NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "conversation_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "agents_email_key" ON "keeper_core"."agents"("email");

-- CreateIndex
CREATE INDEX "customers_email_idx" ON "keeper_core"."customers"("email");

-- CreateIndex
CREATE INDEX "customers_phone_idx" ON "keeper_core"."customers"("phone");

-- CreateIndex
CREATE INDEX "conversations_customer_id_idx" ON "keeper_core"."conversations"("customer_id");

-- CreateIndex
CREATE INDEX "conversations_last_activity_at_id_idx" ON "keeper_core"."conversations"("last_activity_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "conversations_status_last_activity_at_idx" ON "keeper_core"."conversations"("status", "last_activity_at" DESC);

-- CreateIndex
CREATE INDEX "conversations_assignee_id_last_activity_at_idx" ON "keeper_core"."conversations"("assignee_id", "last_activity_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "messages_conversation_id_seq_key" ON "keeper_core"."messages"("conversation_id", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "messages_conversation_id_client_message_id_key" ON "keeper_core"."messages"("conversation_id", "client_message_id");

-- CreateIndex
CREATE INDEX "sessions_subject_id_idx" ON "keeper_core"."sessions"("subject_id");

-- AddForeignKey
ALTER TABLE "keeper_core"."conversations" ADD CONSTRAINT "conversations_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "keeper_core"."customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "keeper_core"."messages" ADD CONSTRAINT "messages_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "keeper_core"."conversations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
