package io.hamok.exceptions;

/** Bytes could not be encoded or decoded: a class that is not allowed, corrupt or oversize data. */
public class CodecException extends HamokException {
    private static final long serialVersionUID = 1L;

    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
