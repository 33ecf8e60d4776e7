package io.chainwatch.solana;

/** A struct inside a decoded record (a TradeEvent's shareholder, say): its fields, all of them always present. */
public interface IdlStruct {
    /** Puts every field into {@code out}, in IDL order. */
    void putFields(IdlFieldSink out);
}
