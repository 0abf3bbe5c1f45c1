package io.hamok.bench.node;

import io.hamok.bench.Dataset;
import io.hamok.bench.LoadDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jgroups.JChannel;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.raft.blocks.ReplicatedStateMachine;

/**
 * A jgroups-raft member running its {@code ReplicatedStateMachine<String, byte[]>}: a put returns once
 * the entry is committed on a majority and applied. TCP on loopback with a static member list
 * (TCPPING), the Raft log a file log without fsync in the node's directory ({@code node.option=memory}:
 * jgroups-raft's in-memory log). {@code get} reads the local copy (dirty reads allowed): a read of
 * the replicated map without a log round trip, like hamok's reads that go straight to the store.
 */
final class JGroupsRaftTarget implements Target {
    private static final String[] IDS = {"A", "B", "C", "D", "E", "F", "G"};

    private final JChannel channel;
    private final RAFT raft;
    private final ReplicatedStateMachine<String, byte[]> map;
    private final Dataset data;

    private JGroupsRaftTarget(JChannel channel, ReplicatedStateMachine<String, byte[]> map, Dataset data) {
        this.channel = channel;
        this.raft = channel.getProtocolStack().findProtocol(RAFT.class);
        this.map = map;
        this.data = data;
    }

    static JGroupsRaftTarget start(NodeSettings settings) throws Exception {
        String id = IDS[settings.index()];
        String members = IntStream.range(0, settings.ports().size()).mapToObj(i -> IDS[i]).collect(Collectors.joining(","));
        String hosts = settings.ports().stream().map(p -> "127.0.0.1[" + p + "]").collect(Collectors.joining(","));
        Path logDir = Files.createDirectories(settings.dir().resolve("raft-log"));
        String logClass = "memory".equals(settings.option()) ? "org.jgroups.protocols.raft.InMemoryLog"
                : "org.jgroups.protocols.raft.FileBasedLog";
        String xml = """
                <config xmlns="urn:org:jgroups">
                    <TCP bind_addr="127.0.0.1" bind_port="%d" port_range="0"
                         thread_pool.min_threads="0" thread_pool.max_threads="200"/>
                    <TCPPING initial_hosts="%s" port_range="0"/>
                    <MERGE3 min_interval="10000" max_interval="30000"/>
                    <FD_ALL3 timeout="40000" interval="5000"/>
                    <VERIFY_SUSPECT timeout="1500"/>
                    <pbcast.NAKACK2 use_mcast_xmit="false"/>
                    <UNICAST3/>
                    <pbcast.STABLE desired_avg_gossip="50000" max_bytes="4M"/>
                    <raft.NO_DUPES/>
                    <pbcast.GMS print_local_addr="false" join_timeout="2000"/>
                    <UFC max_credits="2M" min_threshold="0.4"/>
                    <MFC max_credits="2M" min_threshold="0.4"/>
                    <FRAG4 frag_size="60K"/>
                    <raft.ELECTION/>
                    <raft.RAFT members="%s" raft_id="%s" log_dir="%s" log_class="%s" log_use_fsync="false"/>
                    <raft.REDIRECT/>
                </config>
                """.formatted(settings.localPort(), hosts, members, id, logDir, logClass);
        Path file = settings.dir().resolve("jgroups-raft.xml");
        Files.writeString(file, xml);
        JChannel channel = new JChannel(file.toString()).name(id);
        ReplicatedStateMachine<String, byte[]> map = new ReplicatedStateMachine<String, byte[]>(channel)
                .raftId(id).timeout(10_000).allowDirtyReads(true);
        channel.connect("hamok-bench-" + settings.runId());
        RAFT raft = channel.getProtocolStack().findProtocol(RAFT.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (raft.leader() == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("jgroups-raft member " + id + " knows no leader after 120 s");
            }
            Thread.sleep(50);
        }
        return new JGroupsRaftTarget(channel, map, settings.dataset());
    }

    @Override
    public LoadDriver.Op op(String name) {
        return switch (name) {
            case "put" -> r -> map.put(data.randomKey(r), data.randomValue(r));
            case "get" -> r -> map.get(data.randomKey(r));
            case "mix" -> r -> {
                if (r.nextInt(10) == 0) {
                    map.put(data.randomKey(r), data.randomValue(r));
                } else {
                    map.get(data.randomKey(r));
                }
            };
            default -> null;
        };
    }

    @Override
    public void preload() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int t = 0; t < 32; t++) {
                int first = t;
                writes.add(pool.submit(() -> {
                    for (int i = first; i < data.size(); i += 32) {
                        map.put(data.key(i), data.value(i));
                    }
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public Map<String, String> stats() {
        return Map.of("leader", Boolean.toString(raft.isLeader()));
    }

    @Override
    public void close() {
        channel.close();
    }
}
