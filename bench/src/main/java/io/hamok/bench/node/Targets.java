package io.hamok.bench.node;

/** Starts the member of the system a node process runs. */
final class Targets {
    private Targets() {}

    static Target start(NodeSettings settings) throws Exception {
        return switch (settings.kind()) {
            case "hamok" -> HamokTarget.start(settings);
            case "hazelcast" -> HazelcastTarget.start(settings);
            case "redisson" -> RedissonTarget.start(settings);
            case "jgroups" -> JGroupsRaftTarget.start(settings);
            case "floor" -> RatisFloorTarget.start(settings);
            default -> throw new IllegalArgumentException("node.kind : " + settings.kind()
                    + " (expected: hamok, hazelcast, redisson, jgroups or floor)");
        };
    }
}
