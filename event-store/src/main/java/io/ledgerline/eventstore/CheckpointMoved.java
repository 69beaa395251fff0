package io.ledgerline.eventstore;

/**
 * A reader tried to move its checkpoint from a position it is no longer at: another instance moved it meanwhile (or
 * a rebuild reset it). The work done from the stale position must not count; inside a transaction, roll it back.
 */
public class CheckpointMoved extends RuntimeException {

    public CheckpointMoved(String checkpoint, GlobalPosition expected) {
        super("checkpoint " + checkpoint + " is no longer at " + expected.txId() + "/" + expected.position()
                + ": another reader moved it", null, false, false);
    }
}
