package io.hamok.exceptions;

/** The remote store failed (unreachable, corrupt data, script error). */
public class StoreException extends HamokException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
