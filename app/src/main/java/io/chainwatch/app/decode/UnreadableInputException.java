package io.chainwatch.app.decode;

/** Input {@code chainwatch decode} cannot read at all (exit code 2); the message names the input and the problem, on one line. */
final class UnreadableInputException extends Exception {
    UnreadableInputException(String message) {
        super(message.replace('\n', ' ').replace('\r', ' '));
    }
}
