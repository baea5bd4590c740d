-- keeper_commerce: links from Keeper customers to their ids in each shop system, and the contact
-- details commerce learned from core events (used to look orders up by email/phone).
CREATE TABLE "customer_link" (
    "customer_id" TEXT NOT NULL,
    "system" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "matched_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_link_pkey" PRIMARY KEY ("customer_id", "system", "external_id"),
    CONSTRAINT "customer_link_matched_by_check" CHECK ("matched_by" IN ('explicit', 'email', 'phone'))
);

-- Webhooks arrive with the platform's customer id; find the Keeper customer from it.
CREATE INDEX "customer_link_system_external_id_idx" ON "customer_link"("system", "external_id");

CREATE TABLE "customer_identity" (
    "customer_id" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "name" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_identity_pkey" PRIMARY KEY ("customer_id")
);
