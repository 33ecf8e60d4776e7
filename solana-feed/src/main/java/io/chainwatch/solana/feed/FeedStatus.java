package io.chainwatch.solana.feed;

import io.chainwatch.core.config.Commitment;

/**
 * The Solana feed at one moment; immutable.
 *
 * @param level            the commitment level the feed runs at now
 * @param checkpoint       every slot up to here is handled (stored, known skipped, or recorded lost); -1 before any
 * @param levelTip         the highest slot the endpoints show at the level blocks are read at
 * @param processedTip     the highest slot seen processed (slot notifications)
 * @param root             the highest finalized slot seen
 * @param lagSlots         slots between the checkpoint and the level tip
 * @param openGapSlots     slots below a later handled one, or far enough behind the tip, that are not handled yet
 * @param coverage         slots handled with their data ÷ slots produced (skipped slots produced nothing); 1 before any
 * @param delivered        slots handled with their data: settled from the stream, or their whole block read
 * @param skipped          slots the leader produced no block for
 * @param lost             slots given up after the last retry: permanent gaps, each recorded in the store
 * @param recoveryQueued   slots waiting to be read (backfill), of which {@code recoveryActive} had watched activity
 * @param recoveryActive   queued slots the stream already showed activity in: read first
 * @param recovered        slots read from the queue so far
 * @param retractedSlots   slots whose streamed events were undone (the slot turned out skipped or on a dead fork)
 * @param stream           the endpoint the live stream runs on, or null when none is open
 * @param streamMessages   notifications read from streams so far
 * @param storedEvents     events committed to the store so far (new ones only)
 * @param curves           curves in the book
 * @param fromStream       of the delivered slots, those settled from what the stream brought (the listing showed nothing missing)
 * @param fromTransactions of the delivered slots, those settled from the stream after the few transactions it lacked were
 *                         read one by one (getTransaction)
 * @param fromBlocks       of the delivered slots, those whose whole block was read
 */
public record FeedStatus(Commitment level, long checkpoint, long levelTip, long processedTip, long root, long lagSlots,
                         long openGapSlots, double coverage, long delivered, long skipped, long lost, long recoveryQueued,
                         long recoveryActive, long recovered, long retractedSlots, String stream, long streamMessages,
                         long storedEvents, int curves, long fromStream, long fromTransactions, long fromBlocks) {
    static final FeedStatus STARTING = new FeedStatus(Commitment.CONFIRMED, -1, -1, -1, -1, 0, 0, 1.0, 0, 0, 0, 0, 0, 0, 0, null, 0, 0, 0, 0,
            0, 0);
}
