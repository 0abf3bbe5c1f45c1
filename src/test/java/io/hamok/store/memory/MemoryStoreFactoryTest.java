package io.hamok.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.store.Bytes;
import io.hamok.store.Envelope;
import io.hamok.store.FencedRemoteMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class MemoryStoreFactoryTest {
    private static final Bytes KEY = Bytes.wrap(new byte[] {1});
    private static final Envelope VALUE = new Envelope(new byte[] {2}, 1, Envelope.ETERNAL);

    private static String uniqueName() {
        return "store-" + UUID.randomUUID();
    }

    @Test
    void named_sameName_sharesMaps() throws Exception {
        String name = uniqueName();
        try (MemoryStoreFactory a = MemoryStoreFactory.named(name); MemoryStoreFactory b = MemoryStoreFactory.named(name)) {
            a.open("m").set(KEY, VALUE).get();
            assertSame(a.open("m"), b.open("m"));
            assertEquals(1, b.open("m").size().get());
        }
    }

    @Test
    void named_differentNames_areIsolated() throws Exception {
        try (MemoryStoreFactory a = MemoryStoreFactory.named(uniqueName()); MemoryStoreFactory b = MemoryStoreFactory.named(uniqueName())) {
            a.open("m").set(KEY, VALUE).get();
            assertEquals(0, b.open("m").size().get());
        }
    }

    @Test
    void create_twoPrivateFactories_areIsolated() throws Exception {
        try (MemoryStoreFactory a = MemoryStoreFactory.create(); MemoryStoreFactory b = MemoryStoreFactory.create()) {
            a.open("m").set(KEY, VALUE).get();
            assertEquals(0, b.open("m").size().get());
        }
    }

    @Test
    void open_sameId_returnsSameInstance() {
        try (MemoryStoreFactory factory = MemoryStoreFactory.create()) {
            assertSame(factory.open("m"), factory.open("m"));
            assertNotSame(factory.open("m"), factory.open("n"));
        }
    }

    @Test
    void close_oneOfTwoNamedFactories_keepsDataForTheOther() throws Exception {
        String name = uniqueName();
        MemoryStoreFactory a = MemoryStoreFactory.named(name);
        MemoryStoreFactory b = MemoryStoreFactory.named(name);
        a.open("m").set(KEY, VALUE).get();
        a.close();
        a.close(); // a second close must not release b's reference
        assertEquals(1, b.open("m").size().get());
        try (MemoryStoreFactory c = MemoryStoreFactory.named(name)) {
            assertEquals(1, c.open("m").size().get(), "a new factory of the name joins the live store");
            b.close();
            assertEquals(1, c.open("m").size().get());
        }
    }

    @Test
    void close_lastNamedFactory_dropsDataAndRefusesOldMaps() throws Exception {
        String name = uniqueName();
        MemoryStoreFactory only = MemoryStoreFactory.named(name);
        FencedRemoteMap map = only.open("m");
        map.set(KEY, VALUE).get();
        only.close();

        ExecutionException e = assertThrows(ExecutionException.class, () -> map.get(KEY).get());
        IllegalStateException closed = assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(closed.getMessage().contains("'m'"), closed.getMessage());
        assertThrows(IllegalStateException.class, map::iterator);

        try (MemoryStoreFactory again = MemoryStoreFactory.named(name)) {
            assertNull(again.open("m").get(KEY).get());
            assertEquals(0L, again.open("m").appliedIndex().get());
        }
    }

    @Test
    void close_privateFactory_dropsData() {
        MemoryStoreFactory factory = MemoryStoreFactory.create();
        FencedRemoteMap map = factory.open("m");
        factory.close();
        assertThrows(ExecutionException.class, () -> map.size().get());
    }

    @Test
    void open_closedFactory_throwsNamingTheMap() {
        MemoryStoreFactory factory = MemoryStoreFactory.named(uniqueName());
        factory.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> factory.open("orders"));
        assertTrue(e.getMessage().contains("closed") && e.getMessage().contains("orders"), e.getMessage());
    }

    @Test
    void named_blankName_throwsNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemoryStoreFactory.named(" "));
        assertTrue(e.getMessage().startsWith("name : ' '"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MemoryStoreFactory.named(null));
    }

    @Test
    void open_blankMapId_throwsNamingTheSetting() {
        try (MemoryStoreFactory factory = MemoryStoreFactory.create()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> factory.open(""));
            assertTrue(e.getMessage().startsWith("mapId : ''"), e.getMessage());
        }
    }
}
