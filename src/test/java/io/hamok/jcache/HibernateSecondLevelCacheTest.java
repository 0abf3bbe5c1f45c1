package io.hamok.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.jcache.spi.HamokCachingProvider;
import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.hibernate.SessionFactory;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cache.jcache.internal.JCacheRegionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Hibernate ORM's second-level cache through hibernate-jcache on our provider, over an in-memory H2
 * database. The cache manager comes from the class path resource {@code hamok-hibernate.properties}, which allows
 * the classes Hibernate puts in its regions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HibernateSecondLevelCacheTest {
    /** A cached entity. */
    @Entity(name = "HibernateBook")
    @Cacheable
    @org.hibernate.annotations.Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
    public static class Book {
        @Id
        private Long id;
        private String title;

        protected Book() {}

        Book(Long id, String title) {
            this.id = id;
            this.title = title;
        }

        Long getId() {
            return id;
        }

        String getTitle() {
            return title;
        }
    }

    private StandardServiceRegistry registry;
    private SessionFactory sessionFactory;
    private Statistics statistics;

    @BeforeAll
    void buildSessionFactory() {
        registry = new StandardServiceRegistryBuilder()
                .applySetting("hibernate.connection.url", "jdbc:h2:mem:hamok-l2;DB_CLOSE_DELAY=-1")
                .applySetting("hibernate.connection.username", "sa")
                .applySetting("hibernate.hbm2ddl.auto", "create-drop")
                .applySetting("hibernate.cache.use_second_level_cache", "true")
                .applySetting("hibernate.cache.region.factory_class", "jcache")
                .applySetting("hibernate.javax.cache.provider", HamokCachingProvider.class.getName())
                // Hibernate resolves this as a class path resource and gives the provider its URL
                .applySetting("hibernate.javax.cache.uri", "hamok-hibernate.properties")
                .applySetting("hibernate.javax.cache.missing_cache_strategy", "create")
                .applySetting("hibernate.generate_statistics", "true")
                .build();
        sessionFactory = new MetadataSources(registry).addAnnotatedClass(Book.class).buildMetadata().buildSessionFactory();
        statistics = sessionFactory.getStatistics();
        sessionFactory.inTransaction(session -> {
            session.persist(new Book(1L, "Raft"));
            session.persist(new Book(2L, "JCache"));
        });
    }

    @AfterAll
    void close() {
        if (sessionFactory != null) {
            sessionFactory.close();
        }
        if (registry != null) {
            StandardServiceRegistryBuilder.destroy(registry);
        }
    }

    @BeforeEach
    void emptyCache() {
        sessionFactory.getCache().evictAllRegions();
        statistics.clear();
    }

    @Test
    void regionFactory_isJCacheOnOurProvider() {
        JCacheRegionFactory factory = assertInstanceOf(JCacheRegionFactory.class,
                sessionFactory.getSessionFactoryOptions().getServiceRegistry()
                        .getService(org.hibernate.cache.spi.RegionFactory.class));
        CacheManager manager = factory.getCacheManager();
        assertInstanceOf(HamokCacheManager.class, manager);
        Cache<Object, Object> region = manager.getCache(Book.class.getName());
        assertNotNull(region, "the entity region is a cache of our manager; caches: " + manager.getCacheNames());
    }

    @Test
    void find_inSecondSession_servedFromSecondLevelCacheWithoutSelect() {
        Book first = sessionFactory.fromSession(session -> session.find(Book.class, 1L));
        assertEquals("Raft", first.getTitle());
        assertEquals(1, statistics.getEntityLoadCount(), "the first load reads the database");
        assertTrue(sessionFactory.getCache().containsEntity(Book.class, 1L), "the entity is in the L2 cache");
        long statementsAfterFirst = statistics.getPrepareStatementCount();

        Book second = sessionFactory.fromSession(session -> session.find(Book.class, 1L));

        assertEquals("Raft", second.getTitle());
        assertTrue(statistics.getSecondLevelCacheHitCount() > 0, "L2 hits: " + statistics.getSecondLevelCacheHitCount());
        assertEquals(statementsAfterFirst, statistics.getPrepareStatementCount(), "no second SQL statement");
        assertEquals(1, statistics.getEntityLoadCount(), "no second database load");
    }

    @Test
    void update_inOneSession_nextSessionReadsNewStateFromCache() {
        sessionFactory.fromSession(session -> session.find(Book.class, 2L));
        sessionFactory.inTransaction(session -> session.find(Book.class, 2L).title = "JCache 1.1");
        statistics.clear();

        Book reread = sessionFactory.fromSession(session -> session.find(Book.class, 2L));

        assertEquals("JCache 1.1", reread.getTitle());
        assertEquals(0, statistics.getEntityLoadCount(), "served from L2, not the database");
        assertTrue(statistics.getSecondLevelCacheHitCount() > 0);
    }

    @Test
    void evict_thenFind_readsDatabaseAgain() {
        sessionFactory.fromSession(session -> session.find(Book.class, 1L));
        sessionFactory.getCache().evictEntityData(Book.class, 1L);
        statistics.clear();

        sessionFactory.fromSession(session -> session.find(Book.class, 1L));

        assertEquals(1, statistics.getEntityLoadCount());
        assertEquals(0, statistics.getSecondLevelCacheHitCount());
    }
}
