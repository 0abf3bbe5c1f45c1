package io.hamok.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;

/** Reading a Redisson YAML configuration for the store: no server is contacted. */
class RedissonYamlTest {
    private static final String SENTINEL = """
            sentinelServersConfig:
              masterName: "mymaster"
              sentinelAddresses:
                - "redis://127.0.0.1:26379"
              readMode: "SLAVE"
              masterConnectionPoolSize: 8
            codec: !<org.redisson.codec.JsonJacksonCodec> {}
            """;

    @Test
    void parse_sentinelAskingForReplicaReads_readsFromMasterAsBytesKeepsTheRest() {
        Config config = RedissonYaml.parse("test.yaml", SENTINEL);

        Peek peek = new Peek(config);
        assertEquals(ReadMode.MASTER, peek.getSentinelServersConfig().getReadMode());
        assertEquals("mymaster", peek.getSentinelServersConfig().getMasterName());
        assertEquals(8, peek.getSentinelServersConfig().getMasterConnectionPoolSize());
        assertInstanceOf(ByteArrayCodec.class, config.getCodec());
    }

    @Test
    void parse_clusterConfig_readsFromMaster() {
        Config config = RedissonYaml.parse("cluster.yaml", """
                clusterServersConfig:
                  nodeAddresses:
                    - "redis://127.0.0.1:7000"
                    - "redis://127.0.0.1:7001"
                """);

        assertEquals(ReadMode.MASTER, new Peek(config).getClusterServersConfig().getReadMode());
    }

    @Test
    void parse_noServers_failsNamingTheLocationAndTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedissonYaml.parse("threads.yaml", "threads: 4\n"));

        assertTrue(e.getMessage().startsWith("'threads.yaml' (expected: one of singleServerConfig, sentinelServersConfig"),
                e.getMessage());
    }

    @Test
    void parse_unknownSetting_failsNamingTheLocationAndTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedissonYaml.parse("typo.yaml", "singleServerConfig:\n  adress: \"redis://127.0.0.1:6379\"\n"));

        assertTrue(e.getMessage().startsWith("'typo.yaml' (expected: a Redisson YAML configuration)"), e.getMessage());
        assertTrue(e.getMessage().contains("adress"), e.getMessage());
    }

    @Test
    void read_fileUriAndPlainPath_readTheSameFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("redisson.yaml"), SENTINEL);

        for (String location : new String[] {file.toUri().toString(), file.toString()}) {
            Config config = RedissonYaml.read(location, null);
            assertEquals("mymaster", new Peek(config).getSentinelServersConfig().getMasterName(), location);
        }
    }

    @Test
    void read_missingFile_failsNamingTheLocation(@TempDir Path dir) {
        String location = dir.resolve("absent.yaml").toUri().toString();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedissonYaml.read(location, null));

        assertTrue(e.getMessage().startsWith("'" + location + "' (expected: a readable Redisson YAML file"), e.getMessage());
        assertTrue(e.getMessage().contains("NoSuchFileException"), e.getMessage());
    }

    @Test
    void read_missingClasspathResource_failsNamingTheResource() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedissonYaml.read("classpath:absent/redisson.yaml", null));

        assertTrue(e.getMessage().contains("no resource 'absent/redisson.yaml' on the class path"), e.getMessage());
    }

    @Test
    void relocate_onTheUnshadedClassPath_leavesTheTextAlone() {
        assertEquals(SENTINEL, RedissonYaml.relocate(SENTINEL));
    }

    /** Reaches Redisson's protected server configurations. */
    private static final class Peek extends Config {
        Peek(Config config) {
            super(config);
        }

        @Override
        public org.redisson.config.SentinelServersConfig getSentinelServersConfig() {
            return super.getSentinelServersConfig();
        }

        @Override
        public org.redisson.config.ClusterServersConfig getClusterServersConfig() {
            return super.getClusterServersConfig();
        }
    }
}
