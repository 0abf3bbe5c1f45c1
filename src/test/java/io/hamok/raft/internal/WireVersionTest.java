package io.hamok.raft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.map.HamokRemoteMap;
import io.hamok.map.HamokRemoteMapConfig;
import io.hamok.raft.Grid;
import io.hamok.raft.GridConfig;
import io.hamok.raft.PeerAddress;
import io.hamok.store.memory.MemoryStoreFactory;
import io.hamok.testing.TestGrid;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wire versions: a peer never skips an entry of another version (it refuses to apply it), and a leader
 * appends only entries of its own version, so an entry of another version never reaches the log.
 */
class WireVersionTest {
    @Test
    void requireReadable_entryOfANewerVersion_refusesToApplyNamingBothVersions() {
        WireVersion.UnreadableEntryException e = assertThrows(WireVersion.UnreadableEntryException.class,
                () -> WireVersion.requireReadable("p1", 42, 4, (byte) 3));
        assertTrue(e.getMessage().contains("peer 'p1' cannot apply log entry 42: it was written at wire version 4 and this"
                + " peer reads version 3. It refuses to apply it (skipping it would lose a write) and stops"), e.getMessage());
    }

    @Test
    void requireReadable_entryOfItsOwnVersion_passes() {
        WireVersion.requireReadable("p1", 42, 3, (byte) 3);
        assertEquals(WireVersion.BUILT, Wire.VERSION, "this JVM's peers are not pinned");
    }

    @Test
    void current_pinnedToNonsense_refusedNamingTheProperty() {
        String before = System.getProperty(WireVersion.PIN_PROPERTY);
        try {
            System.setProperty(WireVersion.PIN_PROPERTY, "four");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, WireVersion::current);
            assertTrue(e.getMessage().contains("hamok.internal.wireVersion : 'four' (expected: a number)"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(WireVersion.PIN_PROPERTY);
            } else {
                System.setProperty(WireVersion.PIN_PROPERTY, before);
            }
        }
    }

    @Test
    void leader_entryOfAnotherWireVersion_refusesToAppendItAndTheGridGoesOn(@TempDir Path storage) throws Exception {
        String store = "wire-version-" + System.nanoTime();
        MemoryStoreFactory keepsTheStore = MemoryStoreFactory.named(store);
        List<PeerAddress> addresses = IntStream.range(0, 3)
                .mapToObj(i -> new PeerAddress("p" + i, "127.0.0.1", TestGrid.freePort())).toList();
        List<Grid> peers = new ArrayList<>();
        try {
            for (PeerAddress address : addresses) {
                peers.add(Grid.start(GridConfig.builder().peers(addresses).localPeerId(address.id())
                        .storageDir(storage.resolve(address.id())).storeFactory(MemoryStoreFactory.named(store)).build()));
            }
            peers.get(0).awaitReady(Duration.ofSeconds(30));
            HamokRemoteMap<String, Integer> map = HamokRemoteMap.create(peers.get(0),
                    HamokRemoteMapConfig.<String, Integer>builder("versions").build());
            map.set("before", 1).join();
            // the bytes of a real entry, but marked as written by a peer of the next wire version
            byte[] entry = Wire.encode(new CommandBatch(new io.hamok.raft.command.Command[] {new io.hamok.raft.command.Noop()},
                    new io.hamok.raft.command.RequestId[] {peers.get(0).newRequestId()}, new String[] {"p0"})).toByteArray();
            entry[0] = (byte) (Wire.VERSION + 1);
            try (GroupAdmin.Connection outsider = GroupAdmin.connect("hamok", addresses, null, Duration.ofSeconds(5), Duration.ofSeconds(5))) {
                StateMachineException refused = assertThrows(StateMachineException.class,
                        () -> outsider.client().io().send(Message.valueOf(ByteString.copyFrom(entry))));
                assertTrue(refused.getMessage().contains("refuses to append an entry of wire version "
                        + (Wire.VERSION + 1) + ": the grid runs wire version " + Wire.VERSION), refused.getMessage());
            }
            map.set("after", 2).join();
            assertEquals(1, map.get("before").join());
            assertEquals(2, map.get("after").join());
        } finally {
            peers.parallelStream().forEach(Grid::close);
            keepsTheStore.close();
        }
    }
}
