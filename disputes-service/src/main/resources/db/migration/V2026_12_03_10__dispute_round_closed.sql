-- The day a case's open round ended without a resolution (withdrawn or closed while still open), so that "open on a
-- past day" can count it for the days it was open. A round that ended in a resolution has its dates in
-- dispute_resolution_view. Cases closed before this column existed count from a rebuild of the projection on.
ALTER TABLE dispute_view ADD COLUMN round_closed DATE;
