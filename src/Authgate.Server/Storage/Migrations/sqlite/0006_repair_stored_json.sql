-- Repairs JSON documents stored with unpaired surrogate escapes: the work is done in code (Storage/StoredJsonRepair),
-- inside this migration's transaction.
SELECT 1;
