package io.chainwatch.alerts;

/** Whether an alert's condition still holds. */
public enum AlertStatus {
    FIRING, RESOLVED
}
