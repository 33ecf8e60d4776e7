package io.chainwatch.solana.feed;

import io.chainwatch.endpoints.EndpointException;
import io.chainwatch.endpoints.FailureKind;
import io.grpc.Status;

import java.net.ConnectException;
import java.util.Locale;

/**
 * How a Geyser stream's gRPC status becomes a {@link FailureKind} and a message, and how a refused
 * {@code from_slot} is told apart. Servers refuse a replay in several ways (see geyser.proto):
 * OUT_OF_RANGE or INTERNAL "broadcast from N is not available, last available: M", INTERNAL
 * "from_slot is not supported", INVALID_ARGUMENT "failed to get replay position for slot N",
 * DATA_LOSS. Such a failure is RPC_ERROR with a message that starts with {@link #FROM_SLOT_REFUSED},
 * which is what {@link #isFromSlotRefused} looks for. Stateless.
 */
final class GeyserStatus {
    static final String FROM_SLOT_REFUSED = "from_slot refused";

    private GeyserStatus() {
    }

    /** A failure to report: its kind and its message (the server's words kept). */
    record Failure(FailureKind kind, String message) {
    }

    /**
     * @param t        what gRPC handed the response observer
     * @param fromSlot the {@code from_slot} the stream asked for, or -1
     */
    static Failure of(Status status, Throwable t, long fromSlot) {
        String described = status.getCode() + (status.getDescription() != null ? ": " + status.getDescription() : "")
                + (status.getCause() != null && status.getCause().getMessage() != null ? " (" + status.getCause().getMessage() + ")" : "");
        if (fromSlot >= 0 && refusesFromSlot(status)) {
            return new Failure(FailureKind.RPC_ERROR, FROM_SLOT_REFUSED + " (" + fromSlot + "): " + described);
        }
        return new Failure(kindOf(status, t), described);
    }

    static boolean isFromSlotRefused(EndpointException cause) {
        return cause.kind() == FailureKind.RPC_ERROR && cause.getMessage() != null
                && cause.getMessage().contains(FailureKind.RPC_ERROR.metricName() + ": " + FROM_SLOT_REFUSED);
    }

    private static boolean refusesFromSlot(Status status) {
        if (status.getCode() == Status.Code.OUT_OF_RANGE || status.getCode() == Status.Code.DATA_LOSS) {
            return true;
        }
        String d = status.getDescription() == null ? "" : status.getDescription().toLowerCase(Locale.ROOT);
        return (status.getCode() == Status.Code.INTERNAL || status.getCode() == Status.Code.INVALID_ARGUMENT)
                && (d.contains("is not available") || d.contains("from_slot") || d.contains("replay position"));
    }

    /**
     * UNAVAILABLE is REFUSED when no connection could be made, else CLOSED; RESOURCE_EXHAUSTED is
     * OVERSIZED when our size limit refused an update ("exceeds maximum"), else THROTTLED (the server
     * dropped a slow client); UNAUTHENTICATED, PERMISSION_DENIED and UNIMPLEMENTED are gRPC's 401, 403
     * and 404, so HTTP_ERROR.
     */
    private static FailureKind kindOf(Status status, Throwable t) {
        return switch (status.getCode()) {
            case UNAVAILABLE -> connectFailed(t) ? FailureKind.REFUSED : FailureKind.CLOSED;
            case DEADLINE_EXCEEDED -> FailureKind.TIMEOUT;
            case RESOURCE_EXHAUSTED -> status.getDescription() != null && status.getDescription().contains("exceeds maximum")
                    ? FailureKind.OVERSIZED : FailureKind.THROTTLED;
            case CANCELLED -> FailureKind.CLOSED;
            case UNAUTHENTICATED, PERMISSION_DENIED, UNIMPLEMENTED -> FailureKind.HTTP_ERROR;
            default -> FailureKind.RPC_ERROR;
        };
    }

    private static boolean connectFailed(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
