package io.hamok.demo;

import io.hamok.map.HamokRemoteMap;
import io.hamok.map.HamokRemoteMapConfig;
import io.hamok.map.MapListener;
import io.hamok.raft.Grid;
import io.hamok.raft.GridConfig;
import io.hamok.raft.PeerAddress;
import io.hamok.store.memory.MemoryStoreFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The main job: three peers on loopback over the embedded in-memory store, writes from different
 * peers, the events every peer sees, then the leader stopped and the grid carrying on.
 */
public final class Demo {
    private static final String STORE = "demo";

    private final List<PeerAddress> addresses = new ArrayList<>();
    private final Grid[] peers = new Grid[3];
    private final List<HamokRemoteMap<String, String>> maps = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        new Demo().run();
        System.exit(0);
    }

    private void run() throws Exception {
        say("hamok demo: three peers on 127.0.0.1, one Raft group, the in-memory store (the embedded default)");
        for (int i = 0; i < peers.length; i++) {
            addresses.add(new PeerAddress("peer" + i, "127.0.0.1", freePort()));
        }
        for (int i = 0; i < peers.length; i++) {
            peers[i] = Grid.start(GridConfig.builder().peers(addresses).localPeerId(addresses.get(i).id())
                    .storeFactory(MemoryStoreFactory.named(STORE)).temporaryStorage(true).build());
            say("started " + addresses.get(i));
        }
        peers[0].awaitLeader(Duration.ofSeconds(30));
        int leader = leaderIndex();
        say("leader elected: " + addresses.get(leader).id());
        for (int i = 0; i < peers.length; i++) {
            HamokRemoteMap<String, String> map = HamokRemoteMap.create(peers[i],
                    HamokRemoteMapConfig.<String, String>builder("greetings").build());
            map.addListener(new Printer(addresses.get(i).id()));
            maps.add(map);
        }

        section("writes from different peers; every peer sees every event, in commit order");
        write(0, "set en=hello", () -> maps.get(0).set("en", "hello").join());
        write(1, "set fr=bonjour", () -> maps.get(1).set("fr", "bonjour").join());
        write(2, "set en=hi (update)", () -> maps.get(2).set("en", "hi").join());
        write(1, "insert en=howdy (never overwrites)", () -> maps.get(1).insert("en", "howdy").join());
        write(0, "updateIf fr: bonjour -> salut", () -> maps.get(0).updateIf("fr", "salut", "bonjour").join());
        write(2, "delete fr", () -> maps.get(2).delete("fr").join());
        syncAll();

        section("stopping the leader " + addresses.get(leader).id());
        long stoppedAt = System.nanoTime();
        maps.get(leader).close();
        peers[leader].close();
        peers[leader] = null;
        int writer = leader == 0 ? 1 : 0;
        write(writer, "set de=hallo (while a new leader is elected)", () -> maps.get(writer).set("de", "hallo").join());
        say(String.format("the grid carried on: new leader %s, first write done %.1f s after the stop",
                addresses.get(leaderIndex()).id(), (System.nanoTime() - stoppedAt) / 1e9));
        int other = otherThan(leader, writer);
        write(other, "set es=hola", () -> maps.get(other).set("es", "hola").join());
        syncAll();

        section("the map as every remaining peer reads it");
        for (int i = 0; i < peers.length; i++) {
            if (peers[i] != null) {
                Map<String, String> content = new TreeMap<>(maps.get(i).getAll(maps.get(i).keys().join()).join());
                say(addresses.get(i).id() + " reads " + content);
            }
        }
        for (int i = 0; i < peers.length; i++) {
            if (peers[i] != null) {
                maps.get(i).close();
                peers[i].close();
            }
        }
        say("done");
    }

    private void write(int peer, String what, Runnable call) {
        say("[" + addresses.get(peer).id() + "] " + what);
        call.run();
        syncAll();
    }

    private void syncAll() {
        for (int i = 0; i < peers.length; i++) {
            if (peers[i] != null) {
                maps.get(i).sync().join();
            }
        }
    }

    private int leaderIndex() throws InterruptedException {
        while (true) {
            for (int i = 0; i < peers.length; i++) {
                if (peers[i] != null && peers[i].isLeader()) {
                    return i;
                }
            }
            Thread.sleep(20);
        }
    }

    private int otherThan(int a, int b) {
        for (int i = 0; i < peers.length; i++) {
            if (i != a && i != b) {
                return i;
            }
        }
        throw new IllegalStateException();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void section(String title) {
        System.out.println();
        System.out.println("== " + title);
    }

    private static void say(String line) {
        System.out.println(line);
    }

    /** Prints the events one peer sees. */
    private record Printer(String peer) implements MapListener<String, String> {
        @Override public void onInsert(String key, String value) { say("    " + peer + " sees insert " + key + "=" + value); }
        @Override public void onUpdate(String key, String old, String value) { say("    " + peer + " sees update " + key + ": " + old + " -> " + value); }
        @Override public void onRemove(String key, String old) { say("    " + peer + " sees remove " + key + " (was " + old + ")"); }
        @Override public void onExpire(String key, String old) { say("    " + peer + " sees expire " + key + " (was " + old + ")"); }
        @Override public void onClear() { say("    " + peer + " sees clear"); }
    }
}
