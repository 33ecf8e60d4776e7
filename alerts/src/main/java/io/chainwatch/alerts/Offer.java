package io.chainwatch.alerts;

/** What became of an input handed to the alert manager from another thread. */
public enum Offer {
    /** Queued; the next evaluation takes it. */
    ACCEPTED,
    /** The input queue was full: dropped and counted. */
    QUEUE_FULL,
    /** The manager is closed. */
    CLOSED
}
