-- 收件地 and 办理地 of a case: the node ids of the node that took the application in and of
-- the node that decides it. A local case has the same id in both. NULL in a case recorded
-- before these columns existed, which the node itself received and handles.
ALTER TABLE cases ADD COLUMN receiving_place TEXT;
ALTER TABLE cases ADD COLUMN handling_place TEXT;
-- For a case another node took in and forwarded: the id of the application there, which the
-- status reports to the receiving place name.
ALTER TABLE cases ADD COLUMN receiving_reference TEXT;
