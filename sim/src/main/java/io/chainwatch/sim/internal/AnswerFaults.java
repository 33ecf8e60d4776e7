package io.chainwatch.sim.internal;

/** The faults that change how an endpoint's answers look on the wire; read by {@link EndpointServer}. */
public interface AnswerFaults {
    /** Waited before every answer (not before notifications). */
    long latencyMs();

    /** Answers are cut in half, so that they are not JSON. */
    boolean malformed();

    /** Answers are padded with whitespace to at least this size; 0 is off. */
    int oversizedBytes();
}
