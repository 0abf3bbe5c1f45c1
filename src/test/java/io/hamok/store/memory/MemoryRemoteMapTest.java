package io.hamok.store.memory;

import static org.junit.jupiter.api.Assertions.assertNull;

import io.hamok.store.Bytes;
import io.hamok.store.Envelope;
import io.hamok.store.FencedRemoteMap;
import io.hamok.store.FencedRemoteMapContractTest;
import io.hamok.store.StoreWrite;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The {@link FencedRemoteMap} contract on the in-memory store. */
class MemoryRemoteMapTest extends FencedRemoteMapContractTest {
    private static final MemoryStoreFactory FACTORY = MemoryStoreFactory.create();

    @Override
    protected FencedRemoteMap open(String mapId) {
        return FACTORY.open(mapId);
    }

    @Test
    void getAll_duringFencedBatches_neverSeesHalfABatch() throws Exception {
        Bytes a = key("a");
        Bytes b = key("b");
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> torn = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (!done.get() && torn.get() == null) {
                Map<Bytes, Envelope> seen = map.getAll(List.of(a, b)).join();
                Envelope first = seen.get(a);
                Envelope second = seen.get(b);
                if (first == null ? second != null : second == null || first.version() != second.version()) {
                    torn.set("a=" + first + " b=" + second);
                }
            }
        });
        reader.start();
        long index = 0;
        for (int batch = 1; batch <= 20_000 && torn.get() == null; batch++) {
            boolean clear = batch % 3 == 0;
            StoreWrite write = clear ? new StoreWrite(true, Map.of(), Set.of())
                    : new StoreWrite(batch % 2 == 0, Map.of(a, envelope("x", batch), b, envelope("y", batch)), Set.of());
            map.applyFenced(index, batch, write).join();
            index = batch;
        }
        done.set(true);
        reader.join(10_000);
        assertNull(torn.get(), "a reader saw half a batch: " + torn.get());
    }

    @AfterAll
    static void closeFactory() {
        FACTORY.close();
    }
}
