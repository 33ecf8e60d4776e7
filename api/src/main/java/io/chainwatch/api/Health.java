package io.chainwatch.api;

/** A health verdict, best first. An overall verdict is the worst of its parts. */
enum Health {
    UP, DEGRADED, DOWN;

    Health worse(Health other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
