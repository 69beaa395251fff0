package io.ledgerline.eventstore;

/**
 * Where a projection stands.
 *
 * @param checkpoint           the last event applied and committed
 * @param head                 the newest event a reader can reach now
 * @param eventsBehind         events between the two
 * @param rebuilding           a rebuild started and the projection has not caught up yet
 * @param replayedSinceRebuild events applied since the last rebuild started (0 if there was none)
 */
public record ProjectionStatus(String name, GlobalPosition checkpoint, GlobalPosition head, long eventsBehind,
                               boolean rebuilding, long replayedSinceRebuild) {
}
