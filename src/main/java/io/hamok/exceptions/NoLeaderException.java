package io.hamok.exceptions;

/** No leader could be reached before the request timed out; the write was not committed. */
public class NoLeaderException extends HamokException {
    private static final long serialVersionUID = 1L;

    public NoLeaderException(String message, Throwable cause) {
        super(message, cause);
    }
}
