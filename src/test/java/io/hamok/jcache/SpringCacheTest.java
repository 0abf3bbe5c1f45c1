package io.hamok.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.jcache.spi.HamokCachingProvider;
import java.io.Serializable;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring's cache abstraction over our provider: {@code JCacheCacheManager} wraps a
 * {@code javax.cache.CacheManager} from {@link HamokCachingProvider} (plain spring-context, no Boot).
 * The manager reads {@code classpath:hamok-spring.properties}, which allows the classes Spring stores.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpringCacheTest {
    static final URI MANAGER_URI = URI.create("classpath:hamok-spring.properties");

    /** A value class of the application (allowed by hamok.serialization.allow in the properties file). */
    record Book(String isbn, String title) implements Serializable {}

    /** The cached bean: counts how often its methods really run. */
    static class Library {
        private final AtomicInteger lookups = new AtomicInteger();

        /** How often a method really ran (a method: the bean is a proxy). */
        public int lookups() {
            return lookups.get();
        }

        public void resetLookups() {
            lookups.set(0);
        }

        @Cacheable("spring-books")
        public Book find(String isbn) {
            lookups.incrementAndGet();
            return isbn.startsWith("none") ? null : new Book(isbn, "title of " + isbn);
        }

        @Cacheable("spring-books")
        public Book find(String isbn, int edition) {
            lookups.incrementAndGet();
            return new Book(isbn + "/" + edition, "edition " + edition);
        }

        @CacheEvict("spring-books")
        public void evict(String isbn) {}

        @CacheEvict(value = "spring-books", allEntries = true)
        public void evictAll() {}
    }

    @Configuration
    @EnableCaching
    static class Config {
        @Bean(destroyMethod = "close")
        javax.cache.CacheManager jcacheManager() {
            CachingProvider provider = Caching.getCachingProvider(HamokCachingProvider.class.getName());
            javax.cache.CacheManager manager = provider.getCacheManager(MANAGER_URI, provider.getDefaultClassLoader());
            manager.createCache("spring-books", new MutableConfiguration<Object, Object>());
            return manager;
        }

        @Bean
        CacheManager cacheManager(javax.cache.CacheManager jcacheManager) {
            return new JCacheCacheManager(jcacheManager);
        }

        @Bean
        Library library() {
            return new Library();
        }
    }

    private AnnotationConfigApplicationContext context;
    private Library library;

    @BeforeAll
    void startContext() {
        context = new AnnotationConfigApplicationContext(Config.class);
        library = context.getBean(Library.class);
    }

    @AfterAll
    void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    @BeforeEach
    void empty() {
        library.evictAll();
        library.resetLookups();
    }

    @Test
    void jcacheCacheManager_wrapsOurProvider() {
        JCacheCacheManager spring = assertInstanceOf(JCacheCacheManager.class, context.getBean(CacheManager.class));
        assertInstanceOf(HamokCacheManager.class, spring.getCacheManager());
        assertTrue(spring.getCacheNames().contains("spring-books"), spring.getCacheNames().toString());
    }

    @Test
    void cacheable_sameArgumentRepeated_methodRunsOnce() {
        Book first = library.find("111");
        Book second = library.find("111");
        Book third = library.find("111");

        assertEquals(1, library.lookups());
        assertEquals(first, second);
        assertEquals(first, third);
        assertEquals(new Book("111", "title of 111"), third);
        library.find("222");
        assertEquals(2, library.lookups(), "another argument is another entry");
        javax.cache.Cache<Object, Object> cache = context.getBean(javax.cache.CacheManager.class).getCache("spring-books");
        assertEquals(first, cache.get("111"), "the entry is in our cache");
    }

    @Test
    void cacheEvict_thenCacheable_methodRunsAgain() {
        library.find("333");
        library.find("444");

        library.evict("333");
        library.find("333");
        library.find("444");

        assertEquals(3, library.lookups(), "333 ran again after the evict, 444 stayed cached");
    }

    @Test
    void cacheable_nullResult_cachedAsNullValue() {
        assertNull(library.find("none-1"));
        assertNull(library.find("none-1"));

        assertEquals(1, library.lookups(), "Spring caches the null as its NullValue");
    }

    @Test
    void cacheable_twoArguments_simpleKeyCached() {
        Book first = library.find("555", 2);
        Book second = library.find("555", 2);

        assertEquals(1, library.lookups());
        assertEquals(first, second);
    }
}
