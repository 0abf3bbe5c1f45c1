package io.hamok.raft.command;

/**
 * One effect of an executed command, in encoded form.
 *
 * @param kind     what happened
 * @param key      encoded key ({@code null} for CLEAR)
 * @param oldValue encoded old value (UPDATE, REMOVE, EXPIRE), else {@code null}
 * @param newValue encoded new value (INSERT, UPDATE), else {@code null}
 */
public record Effect(EffectKind kind, byte[] key, byte[] oldValue, byte[] newValue) {
    public Effect {
        java.util.Objects.requireNonNull(kind, "kind");
    }
}
