-- @keeper/plugin-product-ner: catalog snapshots, agents' corrections (training examples), trained models.
-- Runs inside the plugin's own schema (keeper_product_ner); no references to other plugins' tables.

CREATE TABLE "catalog" (
    "id" BIGSERIAL NOT NULL,
    "catalog" JSONB NOT NULL,
    "products" INTEGER NOT NULL,
    "skus" INTEGER NOT NULL,
    "imported_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "catalog_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "training_example" (
    "id" BIGSERIAL NOT NULL,
    "message_id" TEXT,
    "text" TEXT NOT NULL,
    "entities" JSONB NOT NULL,
    "product" TEXT,
    "sku" TEXT,
    "corrected_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "training_example_pkey" PRIMARY KEY ("id")
);

-- One correction per message: a later correction of the same message replaces the earlier one.
CREATE UNIQUE INDEX "training_example_message_id_key" ON "training_example"("message_id");

CREATE TABLE "model" (
    "id" BIGSERIAL NOT NULL,
    "model" JSONB NOT NULL,
    "examples" INTEGER NOT NULL,
    "trained_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "model_pkey" PRIMARY KEY ("id")
);
