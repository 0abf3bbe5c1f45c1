package io.hamok.exceptions;

import javax.cache.CacheException;

/** Base of every failure hamok raises that is not an argument or state error. */
public class HamokException extends CacheException {
    private static final long serialVersionUID = 1L;

    public HamokException(String message) {
        super(message);
    }

    public HamokException(String message, Throwable cause) {
        super(message, cause);
    }
}
