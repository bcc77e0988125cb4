-- The e-certificate type an implementation issues on approval, JSON; NULL when it issues none.
ALTER TABLE implementations ADD COLUMN certificate TEXT;
