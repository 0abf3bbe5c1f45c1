package io.hamok.store.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.redisson.api.RScript;
import org.redisson.client.RedisNoScriptException;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}); when the server does not know it yet (first use,
 * restart, {@code SCRIPT FLUSH}) it is sent once in full with {@code EVAL}, which caches it.
 */
final class LuaScript {
    /** Lua's {@code unpack} is limited to a few thousand values: commands take arguments in chunks of this size. */
    static final int CHUNK = 2000;

    /**
     * Fenced batch write. KEYS: data hash, applied index, last effects, applied requests (sorted set by
     * time). ARGV: expected index, new index, clear flag ("1"/"0"), number of puts n, effects (empty: keep
     * the stored ones), number of request ids r, their time, the time before which ids are forgotten,
     * then n field/value pairs, then r request ids, then the fields to remove. Returns nil when applied,
     * else the stored index (nothing changed).
     */
    static final LuaScript APPLY_FENCED = new LuaScript("applyFenced", """
            local stored = redis.call('GET', KEYS[2]) or '0'
            if stored ~= ARGV[1] then
              return stored
            end
            if ARGV[3] == '1' then
              redis.call('DEL', KEYS[1])
            end
            local last = 8 + 2 * tonumber(ARGV[4])
            for i = 9, last, %1$d do
              redis.call('HSET', KEYS[1], unpack(ARGV, i, math.min(i + %1$d - 1, last)))
            end
            local requests = tonumber(ARGV[6])
            for i = last + 1, last + requests do
              redis.call('ZADD', KEYS[4], ARGV[7], ARGV[i])
            end
            if requests > 0 then
              redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. ARGV[8])
            end
            last = last + requests
            for i = last + 1, #ARGV, %1$d do
              redis.call('HDEL', KEYS[1], unpack(ARGV, i, math.min(i + %1$d - 1, #ARGV)))
            end
            if ARGV[5] ~= '' then
              redis.call('SET', KEYS[3], ARGV[5])
            end
            redis.call('SET', KEYS[2], ARGV[2])
            return false
            """.formatted(CHUNK));

    /** Sets field/value pairs. KEYS: data hash. ARGV: pairs. Returns the previous value of each field (nil if none). */
    static final LuaScript SET_ALL = new LuaScript("setAll", """
            local previous = {}
            for i = 1, #ARGV, 2 do
              previous[#previous + 1] = redis.call('HGET', KEYS[1], ARGV[i])
            end
            for i = 1, #ARGV, %1$d do
              redis.call('HSET', KEYS[1], unpack(ARGV, i, math.min(i + %1$d - 1, #ARGV)))
            end
            return previous
            """.formatted(CHUNK));

    /** Removes fields. KEYS: data hash. ARGV: fields. Returns the removed value of each field (nil if none). */
    static final LuaScript REMOVE_ALL = new LuaScript("removeAll", """
            local removed = {}
            for i = 1, #ARGV do
              removed[i] = redis.call('HGET', KEYS[1], ARGV[i])
            end
            for i = 1, #ARGV, %1$d do
              redis.call('HDEL', KEYS[1], unpack(ARGV, i, math.min(i + %1$d - 1, #ARGV)))
            end
            return removed
            """.formatted(CHUNK));

    /**
     * Moves a map's keys from the old layout. KEYS: the 4 current keys, then the 4 old ones. When no
     * current key exists, renames each old key that exists to its current name and returns 1 if any
     * did (0 if none); when a current key exists, changes nothing and returns 2 if old keys exist too.
     */
    static final LuaScript MOVE_LEGACY_KEYS = new LuaScript("moveLegacyKeys", """
            for i = 1, 4 do
              if redis.call('EXISTS', KEYS[i]) == 1 then
                for j = 5, 8 do
                  if redis.call('EXISTS', KEYS[j]) == 1 then
                    return 2
                  end
                end
                return 0
              end
            end
            local moved = 0
            for i = 5, 8 do
              if redis.call('EXISTS', KEYS[i]) == 1 then
                redis.call('RENAME', KEYS[i], KEYS[i - 4])
                moved = 1
              end
            end
            return moved
            """);

    private final String name;
    private final String source;
    private final String sha;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha = sha1(source);
    }

    String name() {
        return name;
    }

    /** Runs the script on the node that holds {@code routingKey}. */
    <R> CompletableFuture<R> eval(RScript script, String routingKey, RScript.ReturnType returnType, List<Object> keys,
                                  Object... args) {
        CompletableFuture<R> bySha = script.<R>evalShaAsync(routingKey, RScript.Mode.READ_WRITE, sha, returnType, keys, args)
                .toCompletableFuture();
        return bySha.handle((result, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(result);
            }
            if (isNoScript(failure)) {
                return script.<R>evalAsync(routingKey, RScript.Mode.READ_WRITE, source, returnType, keys, args)
                        .toCompletableFuture();
            }
            return CompletableFuture.<R>failedFuture(unwrap(failure));
        }).thenCompose(future -> future);
    }

    private static boolean isNoScript(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RedisNoScriptException || (t.getMessage() != null && t.getMessage().startsWith("NOSCRIPT"))) {
                return true;
            }
        }
        return false;
    }

    static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static String sha1(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-1, which Redis script caching needs", e);
        }
    }
}
