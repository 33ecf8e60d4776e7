package io.chainwatch.core.config;

/**
 * Backfill of missed slots.
 *
 * @param enabled    off only for a deliberately partial feed; gaps are still found and reported
 * @param batchSlots slots per recovery batch
 * @param maxRetries attempts per slot before the gap is recorded as permanent and reported
 */
public record SlotRecoveryConfig(boolean enabled, int batchSlots, int maxRetries) {
}
