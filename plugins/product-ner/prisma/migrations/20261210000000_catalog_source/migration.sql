-- Where a catalog snapshot came from: "import:json", "import:csv" or "commerce:<system>[,<system>...]"
-- (catalog sync). Null for snapshots stored before this column existed.
ALTER TABLE "catalog" ADD COLUMN "source" TEXT;
