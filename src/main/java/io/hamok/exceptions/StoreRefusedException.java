package io.hamok.exceptions;

/**
 * The store answered, and refused an operation on one map: a Redis key of the wrong type that someone
 * wrote by hand, an argument the store does not take. Trying again does not help until the data is
 * repaired; the store itself is reachable, so the other maps keep working.
 */
public class StoreRefusedException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StoreRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
