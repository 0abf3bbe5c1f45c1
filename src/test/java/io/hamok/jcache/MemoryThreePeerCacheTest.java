package io.hamok.jcache;

import java.util.Properties;

/** Three peers sharing the in-memory store by name ({@code hamok.memory.name}). */
class MemoryThreePeerCacheTest extends ThreePeerCacheContract {
    @Override
    Properties storeSettings(String run) {
        Properties settings = new Properties();
        settings.setProperty("hamok.store", "memory");
        settings.setProperty("hamok.memory.name", "three-peers-" + run);
        return settings;
    }
}
