package io.ledgerline.eventstore;

/**
 * Where a projection stands, as every instance of the service sees it (read from the database).
 *
 * @param checkpoint           the last event applied to the live tables and committed
 * @param head                 the newest event a reader can reach now
 * @param eventsBehind         events between the two: the read model's lag
 * @param rebuilding           a rebuild into shadow tables is under way; the live tables answer meanwhile
 * @param replayedSinceRebuild events replayed into the shadow tables by the current or last rebuild (0 if none)
 * @param parked               a batch failed repeatedly and the projection stopped at {@code checkpoint}; it stays
 *                             there until an operator resumes or rebuilds it
 * @param parkedError          why, when parked
 * @param active               this instance is the one running the projection (the others stand by)
 */
public record ProjectionStatus(String name, GlobalPosition checkpoint, GlobalPosition head, long eventsBehind,
                               boolean rebuilding, long replayedSinceRebuild, boolean parked, String parkedError,
                               boolean active) {
}
