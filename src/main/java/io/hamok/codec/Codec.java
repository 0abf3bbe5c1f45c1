package io.hamok.codec;

/**
 * Turns values into bytes and back. Implementations are thread-safe. A codec used for keys must be
 * deterministic: equal keys give equal bytes.
 *
 * @param <T> the type of the values
 */
public interface Codec<T> {
    /**
     * @throws io.hamok.exceptions.CodecException if the value cannot be encoded (class not allowed)
     */
    byte[] encode(T value);

    /**
     * @throws io.hamok.exceptions.CodecException if the bytes are corrupt or name a class that is not allowed
     */
    T decode(byte[] bytes);
}
