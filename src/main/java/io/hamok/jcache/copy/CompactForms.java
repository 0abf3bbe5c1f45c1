package io.hamok.jcache.copy;

import io.hamok.exceptions.CodecException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Compact encodings of the most common keys and values: a form byte, then the value's own bytes.
 * Java serialization output always starts with {@code 0xAC} (its stream magic), which no form byte
 * here uses, so both kinds decode side by side. Equal values give equal bytes, as keys need.
 */
final class CompactForms {
    /** The first byte of every Java serialization stream. */
    static final byte JAVA_SERIALIZATION = (byte) 0xAC;
    private static final byte STRING = 1;
    private static final byte BYTES = 2;
    private static final byte LONG = 3;
    private static final byte INTEGER = 4;

    private CompactForms() {}

    /** The compact form of {@code value}, or {@code null} when it has none. */
    static byte[] encode(Object value) {
        if (value instanceof String text && !hasSurrogates(text)) {
            return tagged(STRING, text.getBytes(StandardCharsets.UTF_8));
        }
        if (value instanceof byte[] bytes) {
            return tagged(BYTES, bytes);
        }
        if (value instanceof Long number) {
            return ByteBuffer.allocate(9).put(LONG).putLong(number).array();
        }
        if (value instanceof Integer number) {
            return ByteBuffer.allocate(5).put(INTEGER).putInt(number).array();
        }
        return null;
    }

    /** Decodes a compact form (the first byte is not {@link #JAVA_SERIALIZATION}). */
    static Object decode(byte[] bytes) {
        return switch (bytes[0]) {
            case STRING -> utf8(bytes);
            case BYTES -> java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
            case LONG -> ByteBuffer.wrap(bytes, 1, exactly(bytes, 8, "a long")).getLong();
            case INTEGER -> ByteBuffer.wrap(bytes, 1, exactly(bytes, 4, "an integer")).getInt();
            default -> throw new CodecException("corrupt bytes: unknown value form " + bytes[0] + " (expected 1 to 4,"
                    + " or Java serialization)");
        };
    }

    private static byte[] tagged(byte form, byte[] content) {
        byte[] bytes = new byte[content.length + 1];
        bytes[0] = form;
        System.arraycopy(content, 0, bytes, 1, content.length);
        return bytes;
    }

    /** Lone surrogates do not survive UTF-8; such rare strings take Java serialization. */
    private static boolean hasSurrogates(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 1, bytes.length - 1)).toString();
        } catch (CharacterCodingException e) {
            throw new CodecException("corrupt bytes: a string that is not UTF-8 (" + bytes.length + " bytes)", e);
        }
    }

    private static int exactly(byte[] bytes, int length, String what) {
        if (bytes.length != length + 1) {
            throw new CodecException("corrupt bytes: " + what + " takes " + (length + 1) + " bytes, got " + bytes.length);
        }
        return length;
    }
}
