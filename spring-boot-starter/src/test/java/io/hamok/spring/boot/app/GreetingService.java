package io.hamok.spring.boot.app;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/** Greetings computed once across the grid: a computation counts, a cached answer does not. */
@Service
public class GreetingService {
    private final AtomicInteger computed = new AtomicInteger();
    private final String peer;

    public GreetingService(@Value("${hamok.localPeerId:local}") String peer) {
        this.peer = peer;
    }

    @Cacheable("greetings")
    public String greet(String name) {
        return "hello " + name + " #" + computed.incrementAndGet() + " from " + peer;
    }

    @CacheEvict("greetings")
    public void forget(String name) {
        // the annotation evicts on every peer
    }

    /** How many greetings this instance computed. */
    public int computed() {
        return computed.get();
    }
}
