-- The materials an e-certificate can stand for, as JSON [{"name": …, "proved_by": […]}];
-- NULL for an entry stored before the column existed, read as no material.
ALTER TABLE implementations ADD COLUMN material_proofs TEXT;
